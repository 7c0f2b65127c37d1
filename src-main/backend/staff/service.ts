import type { DB } from '@db/schema'
import type { StaffAccount } from '@shared/contract/staff'
import { ROLE_LABELS, type Role } from '@shared/roles'
import type { Kysely } from 'kysely'
import { type FieldChange, writeAudit } from '../audit/service'
import { hashPassword } from '../auth/password'
import { requireStrongPassword } from '../auth/strength'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, invalidField, notFound } from '../errors'
import { toStaffAccount } from './mapping'

export async function listStaff(ctx: StaffContext): Promise<StaffAccount[]> {
  const rows = await ctx.db.selectFrom('staff').selectAll().orderBy('display_name').execute()
  return rows.map((row) => toStaffAccount(row, ctx.clock.now()))
}

async function loadAccount(trx: Kysely<DB>, id: number) {
  const row = await trx.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Compte')
  return row
}

export async function createStaff(
  ctx: StaffContext,
  input: { login: string; displayName: string; role: Role; password: string; provisional: boolean },
): Promise<StaffAccount> {
  requireStrongPassword(input.password, [input.login, input.displayName])
  const hash = await hashPassword(input.password)
  return inTransaction(ctx.db, async (trx) => {
    const taken = await trx
      .selectFrom('staff')
      .select('id')
      .where('login', '=', input.login)
      .executeTakeFirst()
    if (taken) throw invalidField('login', 'Identifiant', `« ${input.login} » est déjà utilisé`)
    const now = ctx.clock.now().toISOString()
    const row = await trx
      .insertInto('staff')
      .values({
        login: input.login,
        display_name: input.displayName,
        role: input.role,
        password_hash: hash,
        must_change_password: input.provisional ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'staff.create',
      entityType: 'staff',
      entityId: row.id,
      entityVersion: row.version,
      changes: [
        { field: 'login', label: 'Identifiant', before: null, after: row.login },
        { field: 'display_name', label: 'Nom affiché', before: null, after: row.display_name },
        { field: 'role', label: 'Rôle', before: null, after: ROLE_LABELS[row.role] },
        {
          field: 'must_change_password',
          label: 'Mot de passe provisoire',
          before: null,
          after: row.must_change_password === 1,
        },
      ],
    })
    return toStaffAccount(row, ctx.clock.now())
  })
}

async function activeAdministrators(trx: Kysely<DB>): Promise<number> {
  const row = await trx
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'administrateur')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function updateStaff(
  ctx: StaffContext,
  input: {
    id: number
    version: number
    displayName?: string
    role?: Role
    active?: boolean
    unlock?: boolean
  },
): Promise<StaffAccount> {
  return inTransaction(ctx.db, async (trx) => {
    const row = await loadAccount(trx, input.id)
    if (row.version !== input.version)
      throw new AppError(
        'CONFLICT',
        'Ce compte a été modifié par quelqu’un d’autre entre-temps : rechargez la liste avant de recommencer.',
      )
    const changes: FieldChange[] = []
    const set: Partial<{
      display_name: string
      role: Role
      active: number
      locked_until: null
      failed_attempts: number
    }> = {}
    if (input.displayName !== undefined && input.displayName !== row.display_name) {
      set.display_name = input.displayName
      changes.push({
        field: 'display_name',
        label: 'Nom affiché',
        before: row.display_name,
        after: input.displayName,
      })
    }
    if (input.role !== undefined && input.role !== row.role) {
      set.role = input.role
      changes.push({
        field: 'role',
        label: 'Rôle',
        before: ROLE_LABELS[row.role],
        after: ROLE_LABELS[input.role],
      })
    }
    if (input.active !== undefined && Number(input.active) !== row.active) {
      set.active = Number(input.active)
      changes.push({ field: 'active', label: 'Actif', before: row.active === 1, after: input.active })
    }
    if (input.unlock && row.locked_until) {
      set.locked_until = null
      set.failed_attempts = 0
      changes.push({
        field: 'locked_until',
        label: 'Verrouillé jusqu’à',
        before: row.locked_until,
        after: null,
      })
    }
    if (changes.length === 0) return toStaffAccount(row, ctx.clock.now())
    const losesAdmin =
      row.role === 'administrateur' &&
      row.active === 1 &&
      (set.active === 0 || (set.role && set.role !== 'administrateur'))
    if (losesAdmin && (await activeAdministrators(trx)) <= 1)
      throw new AppError('VALIDATION', 'Il doit rester au moins un administrateur actif.')
    const updated = await trx
      .updateTable('staff')
      .set({ ...set, updated_at: ctx.clock.now().toISOString(), version: row.version + 1 })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'staff.update',
      entityType: 'staff',
      entityId: row.id,
      entityVersion: updated.version,
      changes,
    })
    return toStaffAccount(updated, ctx.clock.now())
  })
}

export async function resetStaffPassword(
  ctx: StaffContext,
  id: number,
  password: string,
): Promise<StaffAccount> {
  const account = await loadAccount(ctx.db, id)
  requireStrongPassword(password, [account.login, account.display_name])
  const hash = await hashPassword(password)
  return inTransaction(ctx.db, async (trx) => {
    const row = await loadAccount(trx, id)
    const updated = await trx
      .updateTable('staff')
      .set({
        password_hash: hash,
        // A password given by an administrator is provisional: its holder replaces it at sign-in.
        must_change_password: 1,
        failed_attempts: 0,
        locked_until: null,
        updated_at: ctx.clock.now().toISOString(),
        version: row.version + 1,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'staff.password-reset',
      entityType: 'staff',
      entityId: id,
      entityVersion: updated.version,
      note: 'Mot de passe réinitialisé par un administrateur (provisoire, à changer à la connexion)',
    })
    return toStaffAccount(updated, ctx.clock.now())
  })
}
