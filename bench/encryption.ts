import { cpSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ImportReport } from '@shared/contract/csv'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { type Backend, startBackend } from '../src-main/backend/bootstrap'
import type { StaffContext } from '../src-main/backend/context'
import { generateDemo } from '../src-main/backend/demo/generate'
import { generateKey } from '../src-main/backend/encryption/key'
import { STAGED_FILES } from '../src-main/backend/family-csv/staging'
import type { JobManager } from '../src-main/backend/jobs/manager'
import { importRequests } from '../src-main/backend/requests/intake'
import { listQueue } from '../src-main/backend/requests/queue'
import { searchFamilies } from '../src-main/backend/search/families'
import { sqliteOf } from '../tests/helpers/sqlite'
import { syntheticSet, writeSyntheticFiles } from '../tests/helpers/synthetic-family-files'
import { type BenchSuite, cpuMs, fmt, latency, load, tempDir, timed } from './harness'
import { requestLine, targets } from './requests'
import { familyQueries } from './search'

// The encrypted database (docs/chiffrement.md) against a plain one, in the
// same run, on the same work: the CSV import of a city's families as the
// window runs it (a job in a worker thread), the demo, the family search and
// the request queue's first page. Prints each figure and the ratio
// encrypted / plain (objective: at most 1.15).

const FAMILIES = Number(process.env.BENCH_ENCRYPTION_FAMILIES ?? 100_000)
const REQUESTS = 10_000
/** Rounds of each short measure (search, queue), the variants taken in turn. */
const ROUNDS = 5
/** Rounds of the import, each into two new databases. */
const IMPORT_ROUNDS = Number(process.env.BENCH_ENCRYPTION_IMPORT_ROUNDS ?? 3)
const log = { info() {}, warn() {}, error: (message: string) => process.stderr.write(`${message}\n`) }
const actor = commandLineActor('bench')

type Variant = 'en clair' | 'chiffrée'

function open(dir: string, variant: Variant, key: Buffer): { backend: Backend; ctx: StaffContext } {
  const backend = startBackend({
    databasePath: join(dir, `${variant === 'chiffrée' ? 'chiffree' : 'claire'}.db`),
    key: variant === 'chiffrée' ? key : null,
    log,
  })
  return { backend, ctx: { ...backend.services, session: { staffId: null }, actor } }
}

/**
 * One import job on `backend`, files read from `staging`: its wall and CPU
 * time until its result, then the time its worker still takes to copy the
 * journal into the file (jobs/worker-entry.ts), waited for so that it never
 * overlaps the next measure.
 */
async function importJob(
  backend: Backend,
  staging: string,
): Promise<{ ms: number; cpu: number; checkpointMs: number }> {
  const jobs = backend.services.jobs as JobManager
  const cpu = cpuMs()
  const { ms, value } = await timed(async () => {
    const job = jobs.start('csv.import.run', { importId: 'bench', dir: staging }, actor)
    for (;;) {
      const status = jobs.status(job.id, actor)
      if (status.state !== 'running') return status
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })
  const used = cpuMs() - cpu
  const settled = await timed(() => jobs.settled(value.id))
  if (!(value.result as ImportReport | undefined)?.written)
    throw new Error(`import refused: ${JSON.stringify(value.error)}`)
  return { ms, cpu: used, checkpointMs: settled.ms }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const megabytes = (path: string) => `${Math.round(statSync(path).size / 1048576).toLocaleString('fr-FR')} Mo`

const ratio = (encrypted: number, plain: number) => `${(encrypted / plain).toFixed(2).replace('.', ',')}`

export const encryptionSuite: BenchSuite = {
  name: 'encryption',
  async run(report) {
    const tmp = tempDir('encryption')
    const key = generateKey()
    const variants: Variant[] = ['en clair', 'chiffrée']
    /** The variants in round `round`'s order: plain first, then encrypted first… */
    const inTurn = (round: number) => (round % 2 === 0 ? variants : [...variants].reverse())
    try {
      report(
        `${FAMILIES.toLocaleString('fr-FR')} familles ; chiffrement SQLCipher 4 (AES-256, HMAC-SHA512, clé brute), pages de 4 096 octets`,
      )
      const line = (
        what: string,
        figures: Record<Variant, number>,
        extra: Record<Variant, string> = { 'en clair': '', chiffrée: '' },
      ) =>
        report(
          `${what} : en clair ${fmt(figures['en clair'])}${extra['en clair']}, chiffrée ${fmt(figures.chiffrée)}${extra.chiffrée} ; rapport ${ratio(figures.chiffrée, figures['en clair'])}`,
        )

      // CSV import into an empty database, files staged as the Import screen stages them.
      const source = join(tmp.dir, 'source')
      mkdirSync(source)
      writeSyntheticFiles(syntheticSet(FAMILIES), source)
      // Each round imports into two new empty databases, the variants taken in turn (plain
      // first, then encrypted first…): an import of a city moves a gigabyte through the
      // system's cache and disk, and whichever runs second pays for some of the first's
      // writing. Each round is printed; the ratio is that of the medians.
      type Run = { ms: number; cpu: number; checkpointMs: number; load: string }
      const runs = { 'en clair': [] as Run[], chiffrée: [] as Run[] }
      for (let round = 0; round < IMPORT_ROUNDS; round++) {
        for (const variant of inTurn(round)) {
          const dir = join(tmp.dir, `import-${round}-${variant === 'chiffrée' ? 'c' : 'p'}`)
          mkdirSync(dir)
          cpSync(source, join(dir, 'staging', STAGED_FILES), { recursive: true })
          const { backend } = open(dir, variant, key)
          try {
            runs[variant].push({ ...(await importJob(backend, join(dir, 'staging'))), load: load() })
          } finally {
            await backend.close()
            rmSync(dir, { recursive: true, force: true })
          }
        }
        const [plain, encrypted] = [runs['en clair'][round], runs.chiffrée[round]]
        report(
          `  import CSV, tour ${round + 1} : en clair ${fmt(plain.ms)} (${plain.load}), chiffrée ${fmt(encrypted.ms)} (${encrypted.load}) ; rapport ${ratio(encrypted.ms, plain.ms)} ; temps processeur ${ratio(encrypted.cpu, plain.cpu)}`,
        )
      }
      const loads = {} as Record<Variant, string>
      const medianOf = (pick: (run: Run) => number) =>
        Object.fromEntries(variants.map((v) => [v, median(runs[v].map(pick))])) as Record<Variant, number>
      line(
        `import CSV, médiane (${IMPORT_ROUNDS} tours alternés)`,
        medianOf((r) => r.ms),
      )
      line(
        '  temps processeur',
        medianOf((r) => r.cpu),
      )
      line(
        '  recopie du journal dans la base, après le rapport (sans bloquer personne)',
        medianOf((r) => r.checkpointMs),
      )

      // The demo, on two more empty databases.
      const demo = {} as Record<Variant, number>
      const demoCpu = {} as Record<Variant, number>
      const demos = {} as Record<Variant, ReturnType<typeof open>>
      for (const variant of variants) {
        const dir = join(tmp.dir, `demo-${variant === 'chiffrée' ? 'c' : 'p'}`)
        mkdirSync(dir)
        demos[variant] = open(dir, variant, key)
        const cpu = cpuMs()
        demo[variant] = (
          await timed(() => generateDemo(demos[variant].ctx, { families: FAMILIES, seed: 'bench' }))
        ).ms
        demoCpu[variant] = cpuMs() - cpu
        loads[variant] = ` (${load()})`
      }
      line('démonstration', demo, loads)
      line('  temps processeur', demoCpu)

      report(
        `  taille après la démonstration : en clair ${megabytes(sqliteOf(demos['en clair'].ctx).name)}, chiffrée ${megabytes(sqliteOf(demos.chiffrée.ctx).name)}`,
      )

      // The short measures, each repeated ROUNDS times with the variants taken in turn
      // (plain first, then encrypted first…): the median of the rounds' medians.
      const alternate = async (measure: (variant: Variant) => Promise<number>) => {
        const rounds = { 'en clair': [] as number[], chiffrée: [] as number[] }
        for (let round = 0; round < ROUNDS; round++)
          for (const variant of inTurn(round)) rounds[variant].push(await measure(variant))
        for (const variant of variants) loads[variant] = ` (${load()})`
        return { 'en clair': median(rounds['en clair']), chiffrée: median(rounds.chiffrée) }
      }

      // The family search, every query of the search suite, on the demo databases.
      const queries = Object.fromEntries(
        variants.map((v) => [v, Object.values(familyQueries(sqliteOf(demos[v].ctx))).flat()]),
      ) as Record<Variant, string[]>
      const find = (variant: Variant) => (query: string) =>
        searchFamilies(demos[variant].ctx, { query, limit: 50, offset: 0 })
      for (const variant of variants)
        for (const query of queries[variant].slice(0, 20)) await find(variant)(query)
      const search = await alternate(async (v) => (await latency(queries[v], find(v))).median)
      line(`recherche de familles, médiane (${ROUNDS} tours alternés)`, search, loads)

      // The queue's first page, after the same requests taken in.
      for (const variant of variants) {
        const { ctx } = demos[variant]
        const all = targets(sqliteOf(ctx))
        await importRequests(
          ctx,
          `${Array.from({ length: REQUESTS }, (_, n) => requestLine(n, all)).join('\n')}\n`,
          'bench.jsonl',
        )
      }
      const first = (variant: Variant) => () =>
        listQueue(demos[variant].ctx, { states: ['pending'], offset: 0, limit: 100 })
      for (const variant of variants) await first(variant)()
      const queue = await alternate(async (v) => (await latency(Array.from({ length: 20 }), first(v))).median)
      line(
        `file des demandes, première page (${REQUESTS.toLocaleString('fr-FR')} demandes), médiane (${ROUNDS} tours alternés)`,
        queue,
        loads,
      )
      for (const variant of variants) await demos[variant].backend.close()
    } finally {
      tmp.dispose()
    }
  },
}
