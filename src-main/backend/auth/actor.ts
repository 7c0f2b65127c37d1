import type { Role } from '@shared/roles'
import type { Database, Statement } from 'better-sqlite3'
import type { Actor } from '../context'

interface ActorRow {
  id: number
  login: string
  display_name: string
  role: Role
}

// Prepared once per connection: every call of every channel runs it.
const statements = new WeakMap<Database, Statement>()

function actorStatement(sqlite: Database): Statement {
  let statement = statements.get(sqlite)
  if (!statement) {
    statement = sqlite.prepare('SELECT id, login, display_name, role FROM staff WHERE id = ? AND active = 1')
    statements.set(sqlite, statement)
  }
  return statement
}

/**
 * The signed-in staff member, read again on every call so that a role
 * change or a deactivation takes effect at once. Synchronous and indexed:
 * a few microseconds.
 */
export function loadActor(sqlite: Database, staffId: number): Actor | null {
  const row = actorStatement(sqlite).get(staffId) as ActorRow | undefined
  return row ? { staffId: row.id, login: row.login, displayName: row.display_name, role: row.role } : null
}

/** The actor of the command-line tool when no staff account is named with --as. */
export function commandLineActor(user: string): Actor {
  return { staffId: null, login: 'cli', displayName: `Ligne de commande (${user})`, role: 'administrateur' }
}

/** The actor named by `--as LOGIN` on the command line, if that account is active. */
export function loadActorByLogin(sqlite: Database, login: string): Actor | null {
  const id = sqlite.prepare('SELECT id FROM staff WHERE login = ? AND active = 1').pluck().get(login) as
    | number
    | undefined
  return id === undefined ? null : loadActor(sqlite, id)
}
