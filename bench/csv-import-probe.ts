import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ImportReport } from '@shared/contract/csv'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { systemClock } from '../src-main/backend/context'
import { migrate } from '../src-main/backend/db/migrate'
import { openDatabase } from '../src-main/backend/db/open'
import { generateKey } from '../src-main/backend/encryption/key'
import { STAGED_FILES } from '../src-main/backend/family-csv/staging'
import { JobManager } from '../src-main/backend/jobs/manager'
import { syntheticSet, writeSyntheticFiles } from '../tests/helpers/synthetic-family-files'
import { cpuMs, load, tempDir } from './harness'

// What a CSV import of N synthetic families costs beyond its time, to compare
// two versions of the import back to back (not part of `npm run bench`):
// `node --import tsx bench/csv-import-probe.ts FAMILIES [encrypted]` prints
// one JSON line: CPU time, duration, bytes the process read and wrote through
// system calls (SQLite's pages, /proc/self/io), the audit rows and the size of
// their changes, and the pages of the audit log and its indexes afterwards.

const [families, mode] = process.argv.slice(2)
const encrypted = mode === 'encrypted'
const log = { info() {}, warn() {}, error: (message: string) => process.stderr.write(`${message}\n`) }

function io(): { rchar: number; wchar: number } {
  const text = readFileSync('/proc/self/io', 'utf8')
  const field = (name: string) => Number(new RegExp(`${name}: (\\d+)`).exec(text)?.[1] ?? 0)
  return { rchar: field('rchar'), wchar: field('wchar') }
}

const tmp = tempDir('csv-import-probe')
try {
  const staging = join(tmp.dir, 'staging')
  mkdirSync(join(staging, STAGED_FILES), { recursive: true })
  writeSyntheticFiles(syntheticSet(Number(families)), join(staging, STAGED_FILES))
  const database = join(tmp.dir, 'import.db')
  const key = encrypted ? generateKey() : null
  const fresh = openDatabase(database, { key })
  migrate(fresh.sqlite, { backupsDir: join(tmp.dir, 'backups') })
  await fresh.close()
  const worker = join(dirname(fileURLToPath(import.meta.url)), '../src-main/backend/jobs/ts-worker.mjs')
  const jobs = new JobManager({
    script: { path: worker },
    databasePath: database,
    backupsDir: join(tmp.dir, 'backups'),
    version: 'bench',
    log,
    clock: systemClock,
    key,
  })
  const actor = commandLineActor('bench')
  const before = io()
  const loadBefore = load()
  const started = performance.now()
  const cpuStart = cpuMs()
  const job = jobs.start('csv.import.run', { importId: 'probe', dir: staging }, actor)
  /** Each phase: its duration, CPU time and MB read and written (sampled every 50 ms). */
  const phases: [string, number, number, number, number][] = []
  let phase = ''
  let since = { at: started, cpu: cpuStart, io: before }
  const close = () => {
    const now = { at: performance.now(), cpu: cpuMs(), io: io() }
    const mb = (n: number) => Math.round(n / 1048576)
    phases.push([
      phase,
      Math.round(now.at - since.at),
      Math.round(now.cpu - since.cpu),
      mb(now.io.rchar - since.io.rchar),
      mb(now.io.wchar - since.io.wchar),
    ])
    since = now
  }
  for (;;) {
    const status = jobs.status(job.id, actor)
    if (status.progress.phase !== phase) {
      if (phase) close()
      phase = status.progress.phase
    }
    if (status.state !== 'running') break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const ms = performance.now() - started
  close()
  await jobs.settled(job.id)
  const checkpointMs = Math.round(performance.now() - started - ms)
  const cpu = cpuMs() - cpuStart
  const after = io()
  const status = jobs.status(job.id, actor)
  await jobs.close()
  const result = status.result as ImportReport | undefined
  const opened = openDatabase(database, { key })
  const audit = opened.sqlite
    .prepare('SELECT count(*) AS rows, sum(length(changes)) AS bytes FROM audit_log')
    .get() as { rows: number; bytes: number }
  let pages: Record<string, number> = {}
  try {
    pages = Object.fromEntries(
      (
        opened.sqlite
          .prepare(
            `SELECT name, count(*) AS n FROM dbstat WHERE name LIKE 'audit_log%' OR name IN
              ('families', 'guardians', 'children', 'authorized_persons', 'vaccinations') GROUP BY name`,
          )
          .all() as { name: string; n: number }[]
      ).map((r) => [r.name, r.n]),
    )
  } catch {
    pages = { dbstat: -1 }
  }
  const fileMB = statSync(database).size / 1048576
  await opened.close()
  process.stdout.write(
    `${JSON.stringify({
      families: Number(families),
      encrypted,
      written: result?.written ?? false,
      error: status.error,
      ms: Math.round(ms),
      checkpointMs,
      cpuMs: Math.round(cpu),
      phases,
      readMB: Math.round((after.rchar - before.rchar) / 1048576),
      writtenMB: Math.round((after.wchar - before.wchar) / 1048576),
      auditRows: audit.rows,
      auditChangesMB: Math.round(audit.bytes / 1048576),
      fileMB: Math.round(fileMB),
      pages,
      load: `${loadBefore} → ${load()}`,
    })}\n`,
  )
} finally {
  tmp.dispose()
}
