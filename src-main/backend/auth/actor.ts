import type { DB } from '@db/schema'
import type { Role } from '@shared/roles'
import type { CompiledQuery, Kysely } from 'kysely'
import type { Actor } from '../context'
import { AppError } from '../errors'

interface ActorRow {
  id: number
  login: string
  display_name: string
  role: Role
}

type SignedInRow = ActorRow & { must_change_password: number }

/** Stands for the staff id in the query compiled once, replaced by the real one at each call. */
const STAFF_ID = Symbol('staff id')

/**
 * The query compiled once per database: every call of every channel runs
 * it, and building and compiling it again each time would cost more than
 * running it (the statement itself is prepared once, db/statement-cache.ts).
 */
const compiled = new WeakMap<Kysely<DB>, CompiledQuery<SignedInRow>>()

function signedInQuery(db: Kysely<DB>): CompiledQuery<SignedInRow> {
  let query = compiled.get(db)
  if (!query) {
    query = db
      .selectFrom('staff')
      .select(['id', 'login', 'display_name', 'role', 'must_change_password'])
      .where('id', '=', STAFF_ID as unknown as number)
      .where('active', '=', 1)
      .compile()
    compiled.set(db, query)
  }
  return query
}

const toActor = (row: ActorRow): Actor => ({
  staffId: row.id,
  login: row.login,
  displayName: row.display_name,
  role: row.role,
})

/**
 * The signed-in staff member and whether they still hold a provisional
 * password, read again on every call so that a role change or a
 * deactivation takes effect at once. Indexed, compiled once: a few
 * microseconds.
 */
export async function loadSignedIn(
  db: Kysely<DB>,
  staffId: number,
): Promise<{ actor: Actor; mustChangePassword: boolean } | null> {
  const query = signedInQuery(db)
  const parameters = query.parameters.map((p) => (p === STAFF_ID ? staffId : p))
  const [row] = (await db.executeQuery<SignedInRow>({ ...query, parameters })).rows
  return row ? { actor: toActor(row), mustChangePassword: row.must_change_password === 1 } : null
}

/** The signed-in staff member (see loadSignedIn). */
export async function loadActor(db: Kysely<DB>, staffId: number): Promise<Actor | null> {
  return (await loadSignedIn(db, staffId))?.actor ?? null
}

/** The actor of the command-line tool when no staff account is named with --as. */
export function commandLineActor(user: string): Actor {
  return { staffId: null, login: 'cli', displayName: `Ligne de commande (${user})`, role: 'administrateur' }
}

/**
 * The actor named by `--as LOGIN` on the command line. A disabled or locked
 * account is refused, as at the sign-in screen; the audit log names both the
 * account and the system user who ran the command.
 */
export async function commandLineActorAs(
  db: Kysely<DB>,
  login: string,
  systemUser: string,
  now: Date,
): Promise<Actor> {
  const row = await db
    .selectFrom('staff')
    .select(['id', 'login', 'display_name', 'role', 'active', 'locked_until'])
    .where('login', '=', login)
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `Aucun compte n’a l’identifiant « ${login} ».`)
  if (row.active !== 1)
    throw new AppError('FORBIDDEN', `Le compte « ${login} » est désactivé : la commande n’a pas été lancée.`)
  if (row.locked_until !== null && row.locked_until > now.toISOString())
    throw new AppError(
      'LOCKED',
      `Le compte « ${login} » est verrouillé après des essais de connexion infructueux : la commande n’a pas été lancée. Un administrateur peut le déverrouiller dans Paramètres.`,
    )
  return {
    ...toActor(row),
    displayName: `${row.display_name} (ligne de commande, utilisateur du système ${systemUser})`,
  }
}
