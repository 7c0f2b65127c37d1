import { join } from 'node:path'
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import { migrate } from '../src-main/backend/db/migrate'
import { openDatabase } from '../src-main/backend/db/open'
import { withFamilySearchPaused } from '../src-main/backend/db/storage/sqlite/search-rebuild'
import { WRITE_CACHE_KIB } from '../src-main/backend/family-csv/import/run'
import type { SyntheticSet } from '../tests/helpers/synthetic-family-files'

// The limit the CSV import is compared with (csv-import.ts): the same rows
// inserted by bare prepared statements in one transaction, without reading,
// checking or auditing anything (the search indexes rebuilt once at the end
// and the page cache enlarged, as the import does for a large set); with
// `withAudit`, one bare audit entry per row as well.

/** What csv-limit-child.ts prints. */
export interface LimitRun {
  /** Until COMMIT. */
  ms: number
  cpuMs: number
  rows: number
  /** The copy of the journal into the file, after COMMIT (not in `ms`). */
  checkpointMs?: number
}

export const rowCount = (set: SyntheticSet) =>
  set.families.length +
  set.quotients.length +
  set.guardians.length +
  set.children.length +
  set.persons.length +
  set.vaccinations.length

export function freshDatabase(dir: string, name: string) {
  const opened = openDatabase(join(dir, name))
  migrate(opened.sqlite, { backupsDir: join(dir, 'backups') })
  return opened
}

type Row = Record<string, unknown>

/** A creation entry of the audit log for a row: every value given, as the record services write it. */
function auditEntry(audit: Statement, table: string, id: number, row: Row, now: string): void {
  const changes = Object.entries(row)
    .filter(([, v]) => v !== null && v !== '' && v !== 0)
    .map(([column, after]) => ({ field: column, label: column, before: null, after }))
  audit.run(now, null, 'bench', `${table}.create`, table, id, 1, 1, null, JSON.stringify(changes), 'bench')
}

/**
 * Inserts `rows` (linked to their parent by `link`), with an audit entry
 * each when `audit` is given; returns the new ids by `key`.
 */
function insertAll(
  sqlite: Database,
  table: string,
  rows: Row[],
  link: (row: Row) => Row,
  key = 'number',
  audit?: Statement,
) {
  const first = link(rows[0])
  const columns = [...Object.keys(first), 'created_at', 'updated_at']
  const insert = sqlite.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  )
  const ids = new Map<string, number>()
  const now = new Date().toISOString()
  for (const row of rows) {
    const linked = link(row)
    const id = Number(insert.run(...Object.values(linked), now, now).lastInsertRowid)
    ids.set(String(row[key]), id)
    if (audit) auditEntry(audit, table, id, row, now)
  }
  return ids
}

/**
 * The limit: every row of the set, with its family or child id, in one
 * transaction; with `withAudit`, an audit entry per row as well (what the
 * import must also write).
 */
export function bareInsert(sqlite: Database, set: SyntheticSet, withAudit = false): number {
  sqlite.pragma(`cache_size = -${WRITE_CACHE_KIB}`)
  // As the import's worker (jobs/worker-entry.ts): the journal is copied into
  // the file after the work, not at COMMIT; the child measures that copy apart.
  sqlite.pragma('wal_autocheckpoint = 0')
  const audit = withAudit
    ? sqlite.prepare(`INSERT INTO audit_log (at, staff_id, actor, action, entity_type, entity_id, entity_version,
        family_id, child_id, changes, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    : undefined
  sqlite
    .transaction(() =>
      withFamilySearchPaused(sqlite, () => {
        const families = insertAll(sqlite, 'families', set.families, (row) => row, 'number', audit)
        const quotient = sqlite.prepare(
          'INSERT INTO family_quotients (family_id, qf, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        for (const q of set.quotients) {
          const id = quotient.run(families.get(String(q.number)), q.qf, q.valid_from, q.valid_to, 'now')
          if (audit) auditEntry(audit, 'family_quotients', Number(id.lastInsertRowid), q, 'now')
        }
        const byFamily = ({ number, ...rest }: Row) => ({ family_id: families.get(String(number)), ...rest })
        insertAll(sqlite, 'guardians', set.guardians, byFamily, 'number', audit)
        const children = insertAll(sqlite, 'children', set.children, byFamily, 'identifier', audit)
        const byChild = ({ identifier, ...rest }: Row) => ({
          child_id: children.get(String(identifier)),
          ...rest,
        })
        insertAll(sqlite, 'authorized_persons', set.persons, byChild, 'number', audit)
        insertAll(sqlite, 'vaccinations', set.vaccinations, byChild, 'number', audit)
      }),
    )
    .immediate()
  return rowCount(set)
}
