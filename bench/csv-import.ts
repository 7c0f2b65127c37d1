import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { systemClock } from '../src-main/backend/context'
import { migrate } from '../src-main/backend/db/migrate'
import { openDatabase } from '../src-main/backend/db/open'
import { runImport, WRITE_CACHE_KIB } from '../src-main/backend/family-csv/import/run'
import { openSources } from '../src-main/backend/family-csv/import/sources'
import { withFamilySearchPaused } from '../src-main/backend/search/maintenance'
import { type SyntheticSet, syntheticSet, writeSyntheticFiles } from '../tests/helpers/synthetic-family-files'
import { type BenchSuite, fmt, tempDir, timed } from './harness'

// Importing 100,000 families (guardians, children, authorised persons,
// vaccinations) from CSV into an empty database, against the limit of this
// machine: the same rows inserted by bare prepared statements in one
// transaction, without reading, checking or auditing anything (the search
// indexes rebuilt once at the end and the page cache enlarged, as the import
// does for a large set).

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 100_000)

function freshDatabase(dir: string, name: string) {
  const opened = openDatabase(join(dir, name))
  migrate(opened.sqlite, { backupsDir: join(dir, 'backups') })
  return opened
}

type Row = Record<string, unknown>

/** Inserts `rows` (linked to their parent by `link`); returns the new ids by `key`. */
function insertAll(sqlite: Database, table: string, rows: Row[], link: (row: Row) => Row, key = 'number') {
  const first = link(rows[0])
  const columns = [...Object.keys(first), 'created_at', 'updated_at']
  const insert = sqlite.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  )
  const ids = new Map<string, number>()
  const now = new Date().toISOString()
  for (const row of rows) {
    const linked = link(row)
    const { lastInsertRowid } = insert.run(...Object.values(linked), now, now)
    ids.set(String(row[key]), Number(lastInsertRowid))
  }
  return ids
}

/** The limit: every row of the set, with its family or child id, in one transaction. */
function bareInsert(sqlite: Database, set: SyntheticSet): number {
  sqlite.pragma(`cache_size = -${WRITE_CACHE_KIB}`)
  sqlite
    .transaction(() =>
      withFamilySearchPaused(sqlite, () => {
        const families = insertAll(sqlite, 'families', set.families, (row) => row)
        const quotient = sqlite.prepare(
          'INSERT INTO family_quotients (family_id, qf, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        for (const q of set.quotients)
          quotient.run(families.get(String(q.number)), q.qf, q.valid_from, q.valid_to, 'now')
        insertAll(sqlite, 'guardians', set.guardians, ({ number, ...rest }) => ({
          family_id: families.get(String(number)),
          ...rest,
        }))
        const children = insertAll(
          sqlite,
          'children',
          set.children,
          ({ number, ...rest }) => ({ family_id: families.get(String(number)), ...rest }),
          'identifier',
        )
        const byChild = ({ identifier, ...rest }: Row) => ({
          child_id: children.get(String(identifier)),
          ...rest,
        })
        insertAll(sqlite, 'authorized_persons', set.persons, byChild)
        insertAll(sqlite, 'vaccinations', set.vaccinations, byChild)
      }),
    )
    .immediate()
  return rowCount(set)
}

const rowCount = (set: SyntheticSet) =>
  set.families.length +
  set.quotients.length +
  set.guardians.length +
  set.children.length +
  set.persons.length +
  set.vaccinations.length

export const csvImportSuite: BenchSuite = {
  name: 'csv-import',
  async run(report) {
    const tmp = tempDir('csv-import')
    try {
      const set = syntheticSet(FAMILIES)
      const rows = rowCount(set)
      const paths = writeSyntheticFiles(set, tmp.dir)
      report(
        `${FAMILIES} familles : ${rows} lignes (familles, QF, responsables, enfants, personnes autorisées, vaccinations)`,
      )

      const bare = freshDatabase(tmp.dir, 'bare.db')
      const limit = await timed(() => bareInsert(bare.sqlite, set))
      await bare.close()
      const limitRate = rows / (limit.ms / 1000)
      report(
        `limite (INSERT préparés nus, une transaction) : ${fmt(limit.ms)}, ${Math.round(limitRate)} lignes/s`,
      )

      const target = freshDatabase(tmp.dir, 'import.db')
      const phases: [string, number][] = []
      let phase = ''
      let since = performance.now()
      const ctx = {
        sqlite: target.sqlite,
        db: target.db,
        actor: commandLineActor('bench'),
        clock: systemClock,
        progress(update: { phase?: string }) {
          if (update.phase && update.phase !== phase) {
            if (phase) phases.push([phase, performance.now() - since])
            phase = update.phase
            since = performance.now()
          }
        },
        throwIfCancelled() {},
      }
      const run = await timed(async () => {
        const { sources, problems } = await openSources(paths)
        return runImport(ctx, { sources, sourceProblems: problems, write: true })
      })
      phases.push([phase, performance.now() - since])
      const result = run.value
      if (!result.written) throw new Error(`import refused: ${JSON.stringify(result.problems.slice(0, 5))}`)
      const importRate = rows / (run.ms / 1000)
      report(
        `import CSV (lecture, vérification, écriture, audit) : ${fmt(run.ms)}, ${Math.round(importRate)} lignes/s`,
      )
      report(`  phases : ${phases.map(([name, ms]) => `${name} ${fmt(ms)}`).join(', ')}`)
      report(
        `  verrou d’écriture tenu : ${fmt(result.lockMs)} (écriture, ${result.auditEntries} entrées d’audit, index de recherche, COMMIT)`,
      )
      report(`rapport import / limite : ${(importRate / limitRate).toFixed(2)} (objectif ≥ 0,33)`)
      await target.close()
      report(`pic de mémoire du processus (RSS) : ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} Mo`)
    } finally {
      tmp.dispose()
    }
  },
}
