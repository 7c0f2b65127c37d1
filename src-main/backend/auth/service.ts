import { setTimeout as sleep } from 'node:timers/promises'
import type { DB } from '@db/schema'
import type { SignedInStaff } from '@shared/contract/auth'
import type { Role } from '@shared/roles'
import { type ExpressionBuilder, sql } from 'kysely'
import { writeAudit } from '../audit/service'
import type { Actor, HandlerContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, invalidField } from '../errors'
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from './password'
import { unlockSession } from './session-state'
import { requireStrongPassword } from './strength'
import { recordUnknownFailure, unknownLoginState } from './unknown-logins'

// Sign-in and one's own password (docs/comptes.md). Every outcome is in the
// audit log: sign-ins, failures, lockouts, sign-outs, password changes.

export const MAX_FAILED_ATTEMPTS = 5
export const LOCK_MINUTES = 15
/** Each failed attempt waits a little longer before answering: 250 ms more each time, up to 2 s. */
export function failureDelayMs(attempts: number): number {
  return Math.min(2000, 250 * attempts)
}

const BAD_CREDENTIALS = 'Identifiant ou mot de passe incorrect.'

interface StaffRow {
  id: number
  login: string
  display_name: string
  role: Role
  must_change_password: number
}

function toSignedIn(row: StaffRow): SignedInStaff {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    mustChangePassword: row.must_change_password === 1,
  }
}

export function actorOf(staff: SignedInStaff): Actor {
  return { staffId: staff.id, login: staff.login, displayName: staff.displayName, role: staff.role }
}

/** Who the audit log names for an attempt not proven yet: the login typed. */
function attemptActor(login: string): Actor {
  return { staffId: null, login, displayName: `Tentative de connexion (${login})`, role: 'agent' }
}

const SIGNED_IN_COLUMNS = ['id', 'login', 'display_name', 'role', 'must_change_password'] as const

function lockedError(until: string): AppError {
  const time = new Date(until).toLocaleTimeString('fr-FR', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  })
  return new AppError(
    'LOCKED',
    `Ce compte est verrouillé après ${MAX_FAILED_ATTEMPTS} essais infructueux, jusqu’à ${time}. Un administrateur peut le déverrouiller dans Paramètres.`,
  )
}

/** Not locked now: never locked, or the lock has run out. */
const unlockedAt = (now: string) => (eb: ExpressionBuilder<DB, 'staff'>) =>
  eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)])

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
  requireStrongPassword(input.password, [input.login, input.displayName])
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
      .returning(SIGNED_IN_COLUMNS)
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
  unlockSession(ctx.session)
  return staff
}

interface FailureOutcome {
  /** Failures in a row after this one (MAX_FAILED_ATTEMPTS when it locked the account). */
  attempts: number
  /** Set when the account is locked now, by this failure or by a parallel one. */
  lockedUntil: string | null
}

/**
 * Counts one failure atomically: one UPDATE adds it and, at the limit, locks
 * the account, so that parallel attempts cannot each read the same count.
 */
async function recordFailure(ctx: HandlerContext, row: StaffRow, now: Date): Promise<FailureOutcome> {
  const nowIso = now.toISOString()
  const until = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString()
  return inTransaction(ctx.db, async (trx) => {
    const updated = await trx
      .updateTable('staff')
      .set({
        failed_attempts: sql<number>`CASE WHEN failed_attempts + 1 >= ${MAX_FAILED_ATTEMPTS} THEN 0 ELSE failed_attempts + 1 END`,
        locked_until: sql<
          string | null
        >`CASE WHEN failed_attempts + 1 >= ${MAX_FAILED_ATTEMPTS} THEN ${until} ELSE locked_until END`,
      })
      .where('id', '=', row.id)
      .where(unlockedAt(nowIso))
      .returning(['failed_attempts', 'locked_until'])
      .executeTakeFirst()
    if (!updated) {
      // A parallel attempt locked the account between our read and this write.
      const current = await trx
        .selectFrom('staff')
        .select('locked_until')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow()
      return { attempts: MAX_FAILED_ATTEMPTS, lockedUntil: current.locked_until }
    }
    const locked = updated.locked_until === until
    const attempts = locked ? MAX_FAILED_ATTEMPTS : updated.failed_attempts
    await writeAudit(trx, attemptActor(row.login), ctx.clock, {
      action: 'staff.signin-failed',
      entityType: 'staff',
      entityId: row.id,
      note: `Échec de connexion (${attempts} de suite)`,
    })
    if (locked)
      await writeAudit(trx, attemptActor(row.login), ctx.clock, {
        action: 'staff.locked',
        entityType: 'staff',
        entityId: row.id,
        note: `Compte verrouillé ${LOCK_MINUTES} minutes après ${MAX_FAILED_ATTEMPTS} échecs de connexion`,
      })
    return { attempts, lockedUntil: locked ? until : null }
  })
}

/** A login that does not exist: counted in memory, audited, answered like a known one. */
async function recordUnknown(ctx: HandlerContext, login: string, now: Date): Promise<FailureOutcome> {
  const until = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString()
  const after = recordUnknownFailure(ctx.db, login, MAX_FAILED_ATTEMPTS, until)
  const locked = after.lockedUntil === until
  await inTransaction(ctx.db, (trx) =>
    writeAudit(trx, attemptActor(login), ctx.clock, {
      action: 'staff.signin-failed',
      entityType: 'staff',
      note: `Échec de connexion : aucun compte n’a l’identifiant « ${login} »`,
    }),
  )
  return { attempts: locked ? MAX_FAILED_ATTEMPTS : after.failedAttempts, lockedUntil: null }
}

/** A sign-in refused because the account is locked, after the same work and delay as any failure. */
async function refuseLocked(
  ctx: HandlerContext,
  login: string,
  staffId: number | null,
  until: string,
): Promise<never> {
  await inTransaction(ctx.db, (trx) =>
    writeAudit(trx, attemptActor(login), ctx.clock, {
      action: 'staff.signin-refused',
      entityType: 'staff',
      entityId: staffId,
      note: 'Connexion refusée : compte verrouillé',
    }),
  )
  await sleep(failureDelayMs(MAX_FAILED_ATTEMPTS))
  throw lockedError(until)
}

/**
 * Checks a login and password. Failures are answered more and more slowly,
 * and after MAX_FAILED_ATTEMPTS in a row the account is locked for
 * LOCK_MINUTES (an administrator can unlock it sooner). An unknown login
 * costs the same scrypt work, waits the same delays and locks the same way.
 * A hash made with older, weaker parameters is replaced on success.
 */
export async function signIn(ctx: HandlerContext, login: string, password: string): Promise<SignedInStaff> {
  const now = ctx.clock.now()
  const nowIso = now.toISOString()
  const row = await ctx.db.selectFrom('staff').selectAll().where('login', '=', login).executeTakeFirst()
  const lockedUntil = row ? row.locked_until : unknownLoginState(ctx.db, login).lockedUntil
  if (lockedUntil && lockedUntil > nowIso) {
    await burnPasswordCheck(password)
    return refuseLocked(ctx, login, row?.id ?? null, lockedUntil)
  }
  let good = false
  if (row) good = await verifyPassword(password, row.password_hash)
  else await burnPasswordCheck(password)
  if (!row || !good || row.active !== 1) {
    const outcome = row ? await recordFailure(ctx, row, now) : await recordUnknown(ctx, login, now)
    if (row) ctx.log.info(`Failed sign-in for ${row.login} (${outcome.attempts} in a row)`)
    if (outcome.lockedUntil)
      ctx.log.warn(`Account ${login} locked after ${MAX_FAILED_ATTEMPTS} failed sign-ins`)
    await sleep(failureDelayMs(outcome.attempts))
    if (row && good && row.active !== 1)
      throw new AppError('UNAUTHENTICATED', 'Ce compte est désactivé. Adressez-vous à un administrateur.')
    throw new AppError('UNAUTHENTICATED', BAD_CREDENTIALS)
  }
  const rehash = needsRehash(row.password_hash) ? await hashPassword(password) : null
  const signed = await inTransaction(ctx.db, async (trx) => {
    const updated = await trx
      .updateTable('staff')
      .set({
        failed_attempts: 0,
        locked_until: null,
        last_login_at: nowIso,
        ...(rehash ? { password_hash: rehash } : {}),
      })
      .where('id', '=', row.id)
      .where('active', '=', 1)
      .where(unlockedAt(nowIso))
      .returning(SIGNED_IN_COLUMNS)
      .executeTakeFirst()
    if (!updated) return null
    const staff = toSignedIn(updated)
    await writeAudit(trx, actorOf(staff), ctx.clock, {
      action: 'staff.signin',
      entityType: 'staff',
      entityId: staff.id,
      note: rehash ? 'Connexion (empreinte du mot de passe renforcée)' : 'Connexion',
    })
    return staff
  })
  if (!signed) {
    // Locked by parallel failures while this password was being checked.
    const current = await ctx.db
      .selectFrom('staff')
      .select('locked_until')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
    throw current.locked_until
      ? lockedError(current.locked_until)
      : new AppError('UNAUTHENTICATED', BAD_CREDENTIALS)
  }
  ctx.session.staffId = signed.id
  unlockSession(ctx.session)
  return signed
}

/** Signs the session out, in the audit log too. */
export async function signOut(ctx: HandlerContext): Promise<void> {
  const actor = ctx.actor
  ctx.session.staffId = null
  unlockSession(ctx.session)
  if (actor?.staffId != null)
    await inTransaction(ctx.db, (trx) =>
      writeAudit(trx, actor, ctx.clock, {
        action: 'staff.signout',
        entityType: 'staff',
        entityId: actor.staffId,
        note: 'Déconnexion',
      }),
    )
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
    .select([...SIGNED_IN_COLUMNS, 'password_hash'])
    .where('id', '=', staffId)
    .executeTakeFirstOrThrow()
  if (!(await verifyPassword(currentPassword, row.password_hash))) {
    // Counted like a failed sign-in: a window left open is no way to guess the password.
    const outcome = await recordFailure(ctx, row, ctx.clock.now())
    await sleep(failureDelayMs(outcome.attempts))
    throw invalidField('currentPassword', 'Mot de passe actuel', 'incorrect.')
  }
  if (password === currentPassword)
    throw invalidField('password', 'Mot de passe', 'choisissez un mot de passe différent de l’actuel.')
  requireStrongPassword(password, [row.login, row.display_name])
  const hash = await hashPassword(password)
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('staff')
      .set((eb) => ({
        password_hash: hash,
        must_change_password: 0,
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

/** The window locked itself after inactivity (the renderer's timer; see docs/comptes.md). */
export async function recordSessionLock(
  ctx: HandlerContext & { actor: Actor },
  minutes: number,
): Promise<void> {
  await inTransaction(ctx.db, (trx) =>
    writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'staff.window-locked',
      entityType: 'staff',
      entityId: ctx.actor.staffId,
      note: `Fenêtre verrouillée après ${minutes} minutes sans activité`,
    }),
  )
}
