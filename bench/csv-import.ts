import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import { migrate } from '../src-main/backend/db/migrate'
import { openDatabase } from '../src-main/backend/db/open'
import { WRITE_CACHE_KIB } from '../src-main/backend/family-csv/import/run'
import { STAGED_FILES } from '../src-main/backend/family-csv/staging'
import { withFamilySearchPaused } from '../src-main/backend/search/maintenance'
import { type SyntheticSet, syntheticSet, writeSyntheticFiles } from '../tests/helpers/synthetic-family-files'
import { runChild } from './child'
import { type BenchSuite, cpuMs, fmt, load, tempDir, timed } from './harness'

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
function bareInsert(sqlite: Database, set: SyntheticSet, withAudit = false): number {
  sqlite.pragma(`cache_size = -${WRITE_CACHE_KIB}`)
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

interface AloneRun {
  ms: number
  /** The child process's CPU time, its worker's included. */
  cpuMs: number
  phases: [string, number][]
  written: boolean
  problems: unknown[]
  lockMs: number
  auditEntries: number
  /** The child process's peak resident set (VmHWM), its worker thread included. */
  maxRssMB: number
  /** The same process before the import, modules loaded. */
  idleRssMB: number
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
      // Staged as the Import screen stages them: the job reads them there (and removes them once written).
      const staging = join(tmp.dir, 'staging')
      mkdirSync(join(staging, STAGED_FILES), { recursive: true })
      writeSyntheticFiles(set, join(staging, STAGED_FILES))
      report(
        `${FAMILIES} familles : ${rows} lignes (familles, QF, responsables, enfants, personnes autorisées, vaccinations)`,
      )

      const bare = freshDatabase(tmp.dir, 'bare.db')
      const limitCpu = cpuMs()
      const limit = await timed(() => bareInsert(bare.sqlite, set))
      const limitCpuMs = cpuMs() - limitCpu
      await bare.close()
      const limitRate = rows / (limit.ms / 1000)
      report(
        `limite (INSERT préparés nus, une transaction) : ${fmt(limit.ms)}, ${Math.round(limitRate)} lignes/s ; processeur ${fmt(limitCpuMs)} (${load()})`,
      )
      const audited = freshDatabase(tmp.dir, 'bare-audit.db')
      const auditedCpu = cpuMs()
      const withAudit = await timed(() => bareInsert(audited.sqlite, set, true))
      const auditedCpuMs = cpuMs() - auditedCpu
      await audited.close()
      const auditedRate = rows / (withAudit.ms / 1000)
      report(
        `  la même avec une entrée d’audit nue par ligne : ${fmt(withAudit.ms)}, ${Math.round(auditedRate)} lignes/s ; processeur ${fmt(auditedCpuMs)} (${load()})`,
      )

      const target = freshDatabase(tmp.dir, 'import.db')
      await target.close()
      const before = load()
      const run = await runChild<AloneRun>('csv-import-child.ts', [join(tmp.dir, 'import.db'), staging])
      if (!run.written) throw new Error(`import refused: ${JSON.stringify(run.problems)}`)
      const importRate = rows / (run.ms / 1000)
      report(
        `import CSV (tâche de fond comme à l’écran : lecture, vérification, écriture, audit) : ${fmt(run.ms)}, ${Math.round(importRate)} lignes/s ; processeur ${fmt(run.cpuMs)} (${before} avant, ${load()} après)`,
      )
      report(`  phases : ${run.phases.map(([name, ms]) => `${name} ${fmt(ms)}`).join(', ')}`)
      report(
        `  verrou d’écriture tenu : ${fmt(run.lockMs)} (vérification et écriture par lots, ${run.auditEntries} entrées d’audit, index de recherche, COMMIT)`,
      )
      report(
        `  pic de mémoire de l’import, seul dans son processus, tâche de fond comprise (VmHWM) : ${Math.round(run.maxRssMB)} Mo (objectif < 600 Mo ; le processus au repos, modules chargés : ${Math.round(run.idleRssMB)} Mo)`,
      )
      const ratio = (a: number, b: number) => (a / b).toFixed(2).replace('.', ',')
      report(
        `rapport import / limite : ${ratio(importRate, limitRate)} en durée, ${ratio(limitCpuMs, run.cpuMs)} en temps processeur (objectif ≥ 0,33)`,
      )
      report(
        `rapport import / limite avec audit : ${ratio(importRate, auditedRate)} en durée, ${ratio(auditedCpuMs, run.cpuMs)} en temps processeur`,
      )
      report(
        `pic de mémoire du processus du bench (RSS, jeu synthétique et limite compris) : ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} Mo`,
      )
    } finally {
      tmp.dispose()
    }
  },
}
