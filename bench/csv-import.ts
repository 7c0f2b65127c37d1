import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { STAGED_FILES } from '../src-main/backend/family-csv/staging'
import { syntheticSet, writeSyntheticFiles } from '../tests/helpers/synthetic-family-files'
import { runChild } from './child'
import { freshDatabase, type LimitRun, rowCount } from './csv-limit'
import { type BenchSuite, fmt, load, tempDir } from './harness'

// Importing 100,000 families (guardians, children, authorised persons,
// vaccinations) from CSV into an empty database, against the limit of this
// machine: the same rows inserted by bare prepared statements in one
// transaction, without reading, checking or auditing anything (the search
// indexes rebuilt once at the end and the page cache enlarged, as the import
// does for a large set).

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 100_000)

interface AloneRun {
  /** Until the result is given. */
  ms: number
  /** The worker's copy of the journal into the file, after the result (jobs/worker-entry.ts). */
  checkpointMs: number
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

      // Each limit in a process of its own, as the import: the figures do not
      // depend on what the bench's suites before this one left in its heap.
      const limit = await runChild<LimitRun>('csv-limit-child.ts', [
        join(tmp.dir, 'bare.db'),
        String(FAMILIES),
      ])
      const limitCpuMs = limit.cpuMs
      const limitRate = rows / (limit.ms / 1000)
      report(
        `limite (INSERT préparés nus, une transaction) : ${fmt(limit.ms)}, ${Math.round(limitRate)} lignes/s ; processeur ${fmt(limitCpuMs)} (${load()})`,
      )
      const withAudit = await runChild<LimitRun>('csv-limit-child.ts', [
        join(tmp.dir, 'bare-audit.db'),
        String(FAMILIES),
        'audit',
      ])
      const auditedCpuMs = withAudit.cpuMs
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
        `  recopie du journal dans la base, après le rapport et sans bloquer personne : import ${fmt(run.checkpointMs)}, limite ${fmt(limit.checkpointMs ?? 0)} (hors des durées ci-dessus, des deux côtés)`,
      )
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
        `pic de mémoire du processus du bench (RSS, jeu synthétique compris) : ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} Mo`,
      )
    } finally {
      tmp.dispose()
    }
  },
}
