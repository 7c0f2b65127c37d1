import { setTimeout as sleep } from 'node:timers/promises'
import type { SignedInStaff } from '@shared/contract/auth'
import type { Role } from '@shared/roles'
import { writeAudit } from '../audit/service'
import type { Actor, HandlerContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { DUMMY_HASH, hashPassword, verifyPassword } from './password'

export const MAX_FAILED_ATTEMPTS = 5
export const LOCK_MINUTES = 15
/** Each failed attempt waits a little longer before answering: 250 ms more each time, up to 2 s. */
export function failureDelayMs(attempts: number): number {
  return Math.min(2000, 250 * attempts)
}

const BAD_CREDENTIALS = 'Identifiant ou mot de passe incorrect.'

function toSignedIn(row: { id: number; login: string; display_name: string; role: Role }): SignedInStaff {
  return { id: row.id, login: row.login, displayName: row.display_name, role: row.role }
}

export function actorOf(staff: SignedInStaff): Actor {
  return { staffId: staff.id, login: staff.login, displayName: staff.displayName, role: staff.role }
}

export async function staffCount(ctx: HandlerContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** First start: creates the administrator account, only while no account exists. */
export async function setupAdministrator(
  ctx: HandlerContext,
  input: { login: string; displayName: string; password: string },
): Promise<SignedInStaff> {
  const hash = await hashPassword(input.password)
  const staff = await inTransaction(ctx.db, async (trx) => {
    const existing = await trx.selectFrom('staff').select('id').limit(1).executeTakeFirst()
    if (existing)
      throw new AppError('FORBIDDEN', 'Le compte administrateur a déjà été créé : connectez-vous.')
    const now = ctx.clock.now().toISOString()
    const row = await trx
      .insertInto('staff')
      .values({
        login: input.login,
        display_name: input.displayName,
        role: 'administrateur',
        password_hash: hash,
        created_at: now,
        updated_at: now,
        last_login_at: now,
      })
      .returning(['id', 'login', 'display_name', 'role'])
      .executeTakeFirstOrThrow()
    const signed = toSignedIn(row)
    await writeAudit(trx, actorOf(signed), ctx.clock, {
      action: 'staff.setup',
      entityType: 'staff',
      entityId: row.id,
      note: 'Création du premier compte administrateur',
    })
    return signed
  })
  ctx.session.staffId = staff.id
  return staff
}

/**
 * Checks a login and password. Failures are answered more and more slowly,
 * and after MAX_FAILED_ATTEMPTS in a row the account is locked for
 * LOCK_MINUTES (an administrator can unlock it sooner).
 */
export async function signIn(ctx: HandlerContext, login: string, password: string): Promise<SignedInStaff> {
  const now = ctx.clock.now()
  const row = await ctx.db.selectFrom('staff').selectAll().where('login', '=', login).executeTakeFirst()
  if (!row) {
    await verifyPassword(password, DUMMY_HASH)
    throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS)
  }
  if (row.locked_until && row.locked_until > now.toISOString()) {
    const until = new Date(row.locked_until).toLocaleTimeString('fr-FR', {
      hour: '2-digit',
      minute: '2-digit',
    })
    throw new AppError(
      'LOCKED',
      `Ce compte est verrouillé après ${MAX_FAILED_ATTEMPTS} essais infructueux, jusqu’à ${until}. Un administrateur peut le déverrouiller dans Paramètres.`,
    )
  }
  const good = await verifyPassword(password, row.password_hash)
  if (!good || row.active !== 1) {
    const attempts = row.failed_attempts + 1
    const locked = attempts >= MAX_FAILED_ATTEMPTS
    await ctx.db
      .updateTable('staff')
      .set({
        failed_attempts: locked ? 0 : attempts,
        locked_until: locked
          ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString()
          : row.locked_until,
      })
      .where('id', '=', row.id)
      .execute()
    if (locked) ctx.log.warn(`Account ${row.login} locked after ${MAX_FAILED_ATTEMPTS} failed sign-ins`)
    await sleep(failureDelayMs(attempts))
    if (good && row.active !== 1)
      throw new AppError('UNAUTHENTICATED', 'Ce compte est désactivé. Adressez-vous à un administrateur.')
    throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS)
  }
  await ctx.db
    .updateTable('staff')
    .set({ failed_attempts: 0, locked_until: null, last_login_at: now.toISOString() })
    .where('id', '=', row.id)
    .execute()
  ctx.session.staffId = row.id
  return toSignedIn(row)
}

export async function changeOwnPassword(
  ctx: HandlerContext & { actor: Actor },
  currentPassword: string,
  password: string,
): Promise<void> {
  const staffId = ctx.actor.staffId
  if (staffId === null) throw new AppError('FORBIDDEN', 'Aucun compte n’est connecté.')
  const row = await ctx.db
    .selectFrom('staff')
    .select('password_hash')
    .where('id', '=', staffId)
    .executeTakeFirstOrThrow()
  if (!(await verifyPassword(currentPassword, row.password_hash)))
    throw new AppError('VALIDATION', 'Mot de passe actuel : incorrect.', [
      { path: 'currentPassword', label: 'Mot de passe actuel', message: 'Mot de passe actuel : incorrect.' },
    ])
  const hash = await hashPassword(password)
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('staff')
      .set((eb) => ({
        password_hash: hash,
        updated_at: ctx.clock.now().toISOString(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', staffId)
      .execute()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'staff.password',
      entityType: 'staff',
      entityId: staffId,
      note: 'Mot de passe changé par son titulaire',
    })
  })
}
