import type { Role } from '@shared/roles'
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import type { Actor } from '../context'
import { AppError } from '../errors'

interface ActorRow {
  id: number
  login: string
  display_name: string
  role: Role
}

// Prepared once per connection: every call of every channel runs them.
const statements = new WeakMap<Database, Record<string, Statement>>()

function prepared(sqlite: Database, name: string, text: string): Statement {
  let byName = statements.get(sqlite)
  if (!byName) {
    byName = {}
    statements.set(sqlite, byName)
  }
  byName[name] ??= sqlite.prepare(text)
  return byName[name]
}

const toActor = (row: ActorRow): Actor => ({
  staffId: row.id,
  login: row.login,
  displayName: row.display_name,
  role: row.role,
})

/**
 * The signed-in staff member, read again on every call so that a role
 * change or a deactivation takes effect at once. Synchronous and indexed:
 * a few microseconds.
 */
export function loadActor(sqlite: Database, staffId: number): Actor | null {
  const row = prepared(
    sqlite,
    'actor',
    'SELECT id, login, display_name, role FROM staff WHERE id = ? AND active = 1',
  ).get(staffId) as ActorRow | undefined
  return row ? toActor(row) : null
}

/** The signed-in staff member and whether they still hold a provisional password. */
export function loadSignedIn(
  sqlite: Database,
  staffId: number,
): { actor: Actor; mustChangePassword: boolean } | null {
  const row = prepared(
    sqlite,
    'signedIn',
    'SELECT id, login, display_name, role, must_change_password FROM staff WHERE id = ? AND active = 1',
  ).get(staffId) as (ActorRow & { must_change_password: number }) | undefined
  return row ? { actor: toActor(row), mustChangePassword: row.must_change_password === 1 } : null
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
export function commandLineActorAs(sqlite: Database, login: string, systemUser: string, now: Date): Actor {
  const row = sqlite
    .prepare('SELECT id, login, display_name, role, active, locked_until FROM staff WHERE login = ?')
    .get(login) as (ActorRow & { active: number; locked_until: string | null }) | undefined
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
