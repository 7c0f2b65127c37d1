import { FILE_FIELDS } from '../../src-main/backend/family-csv/columns'
import type { FieldSpec } from '../../src-shared/fields/index'
import type { TestBackend } from '../helpers/backend'
import { rowsOf, selectRows } from '../helpers/family-csv'

// Every field of every record the family files hold, by natural keys (ids,
// versions and stamps aside), so that two databases can be compared after an
// export and an import. The fields are those of the files (FILE_FIELDS): a
// field added to a record without a column fails the round-trip tests until
// its column exists, since the data of the source then has no counterpart.

const columns = (fields: readonly FieldSpec[]) => fields.map((f) => `x.${f.column}`).join(', ')
const QF = new Set(['qf', 'valid_from', 'valid_to'])
const familyFields = FILE_FIELDS.familles.filter((f) => !QF.has(f.column))

export interface SnapshotOptions {
  /**
   * 'all': every quotient of every family; 'exported': the one an export
   * writes (the current period, else the latest), since the files hold one.
   */
  quotients?: 'all' | 'exported'
}

function snapshotQueries(backend: TestBackend, options: SnapshotOptions) {
  const today = backend.clock.now().toISOString().slice(0, 10)
  const quotientFilter =
    options.quotients === 'exported'
      ? `WHERE x.id = (SELECT y.id FROM family_quotients y WHERE y.family_id = x.family_id
          ORDER BY (y.valid_from <= '${today}' AND (y.valid_to IS NULL OR y.valid_to >= '${today}')) DESC,
          y.valid_from DESC, y.id DESC LIMIT 1)`
      : ''
  return {
    families: `SELECT number, ${columns(familyFields)} FROM families x ORDER BY number`,
    quotients: `SELECT f.number, x.qf, x.valid_from, x.valid_to FROM family_quotients x
       JOIN families f ON f.id = x.family_id ${quotientFilter} ORDER BY f.number, x.valid_from`,
    guardians: `SELECT f.number, x.role, ${columns(FILE_FIELDS.responsables)} FROM guardians x
       JOIN families f ON f.id = x.family_id ORDER BY f.number, x.role`,
    children: `SELECT f.number, x.identifier, ${columns(FILE_FIELDS.enfants)} FROM children x
       JOIN families f ON f.id = x.family_id ORDER BY x.identifier`,
    persons: `SELECT c.identifier, ${columns(FILE_FIELDS.personnesAutorisees)} FROM authorized_persons x
       JOIN children c ON c.id = x.child_id ORDER BY c.identifier, x.last_name, x.first_name`,
    vaccinations: `SELECT c.identifier, ${columns(FILE_FIELDS.vaccinations)} FROM vaccinations x
       JOIN children c ON c.id = x.child_id ORDER BY c.identifier, x.vaccinated_on, x.vaccine_name`,
    health: `SELECT c.identifier, ${columns(FILE_FIELDS.sante)} FROM health_conditions x
       JOIN children c ON c.id = x.child_id ORDER BY c.identifier, x.kind, x.label`,
  }
}

type Snapshot = Record<keyof ReturnType<typeof snapshotQueries>, Record<string, unknown>[]>

/**
 * The snapshot read through the backend's kysely (selectRows): the SQLite
 * file or, in server mode (scripts/pg-suite.mjs), the PostgreSQL database.
 */
export async function snapshotOf(backend: TestBackend, options: SnapshotOptions = {}): Promise<Snapshot> {
  const snapshot: Record<string, Record<string, unknown>[]> = {}
  for (const [key, text] of Object.entries(snapshotQueries(backend, options)))
    snapshot[key] = await selectRows(backend, text)
  return snapshot as Snapshot
}

/** @deprecated SQLite only (the file's connection): use snapshotOf, which runs on both engines. */
export function recordSnapshot(backend: TestBackend, options: SnapshotOptions = {}): Snapshot {
  return Object.fromEntries(
    Object.entries(snapshotQueries(backend, options)).map(([key, text]) => [key, rowsOf(backend, text)]),
  ) as Snapshot
}
