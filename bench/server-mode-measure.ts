import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { type Backend, startBackend, startServerBackend } from '../src-main/backend/bootstrap'
import type { StaffContext } from '../src-main/backend/context'
import { openDatabase } from '../src-main/backend/db/open'
import { migratePostgres } from '../src-main/backend/db/postgres/migrate'
import { openPostgres } from '../src-main/backend/db/postgres/open'
import { generateDemo } from '../src-main/backend/demo/generate'
import { STAGED_FILES } from '../src-main/backend/family-csv/staging'
import { bulkValidate } from '../src-main/backend/requests/bulk'
import { importRequests } from '../src-main/backend/requests/intake'
import { listQueue } from '../src-main/backend/requests/queue'
import { searchFamilies } from '../src-main/backend/search/families'
import { transferDatabase } from '../src-main/backend/transfer/transfer'
import { sqliteOf } from '../tests/helpers/sqlite'
import { syntheticSet, writeSyntheticFiles } from '../tests/helpers/synthetic-family-files'
import { databaseUrl } from '../tests/pg/server'
import { runChild } from './child'
import { freshDatabase, type LimitRun, rowCount } from './csv-limit'
import { CITY_FAMILIES, cityDatabase } from './demo'
import { cpuMs, fmt, latency, load, tempDir, timed } from './harness'
import { requestLine, targets } from './requests'
import { familyQueries } from './search'
import type { ServerImportRun } from './server-mode-child'

// The embedded file and the PostgreSQL server side by side (issue 12, item
// 8), on this machine in one run: a demo of BENCH_SERVER_FAMILIES families
// generated on SQLite (the 100,000-family city of demo.ts, BENCH_CITY
// reused, by default), transferred to an empty server database
// (transfer/transfer.ts, as `marelle transfer`), then the same operations
// on both back-ends through the same services: 50,000 portal requests taken
// in, the queue's first page, the family search, 1,000 requests validated in
// bulk; and the CSV import of as many families into an empty database of
// each kind, against each engine's bare-insert limit (csv-limit.ts for the
// file, server-mode-limit.ts for the server). The server is the one the PG*
// variables name (server-mode.ts starts a throw-away one otherwise).

const FAMILIES = Number(process.env.BENCH_SERVER_FAMILIES ?? CITY_FAMILIES)
const REQUESTS = 50_000
const log = { info: () => {}, warn: () => {}, error: () => {} }
const number = (n: number) => Math.round(n).toLocaleString('fr-FR')
const ratio = (a: number, b: number) => (a / b).toFixed(2).replace('.', ',')

type Cell = string
interface Line {
  label: string
  sqlite: Cell
  server: Cell
}

/** Prints the lines as a table: the label, then the file's column beside the server's. */
function table(report: (line: string) => void, lines: Line[]) {
  const width = (pick: (l: Line) => string, title: string) =>
    Math.max(title.length, ...lines.map((l) => pick(l).length))
  const w = [width((l) => l.label, 'mesure'), width((l) => l.sqlite, 'SQLite (fichier)')]
  const row = (a: string, b: string, c: string) => `${a.padEnd(w[0])} │ ${b.padEnd(w[1])} │ ${c}`
  report(row('mesure', 'SQLite (fichier)', 'PostgreSQL (serveur)'))
  report(`${'─'.repeat(w[0])}─┼─${'─'.repeat(w[1])}─┼─${'─'.repeat(20)}`)
  for (const line of lines) report(row(line.label, line.sqlite, line.server))
}

/** Runs `measure` on one side; a failure becomes its cell (« échec : … »), the other side still measured. */
async function side<T>(measure: () => Promise<T>, cell: (value: T) => Cell): Promise<Cell> {
  try {
    return cell(await measure())
  } catch (error) {
    return `échec : ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }
}

/** The demo on SQLite: the shared city at 100,000 families (BENCH_CITY), else one of its own. */
async function demoFile(
  dir: string,
): Promise<{ backend: Backend; ctx: StaffContext; path: string; ms: number; close(): void }> {
  // The shared city closes itself at exit (demo.ts).
  if (FAMILIES === CITY_FAMILIES) return { ...(await cityDatabase()), close: () => {} }
  const path = join(dir, 'demo.db')
  const backend = startBackend({ databasePath: path, log })
  const ctx: StaffContext = {
    ...backend.services,
    session: { staffId: null },
    actor: commandLineActor('bench'),
  }
  const { ms } = await timed(() => generateDemo(ctx, { families: FAMILIES, seed: 'bench' }))
  return { backend, ctx, path, ms, close: () => sqliteOf(backend.services).close() }
}

async function createDatabase(admin: string, name: string, migrated: boolean): Promise<string> {
  const server = await openPostgres(admin, { max: 1 })
  try {
    await server.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await server.pool.query(`CREATE DATABASE ${name}`)
  } finally {
    await server.close()
  }
  const url = databaseUrl(admin, name)
  if (migrated) {
    const target = await openPostgres(url, { max: 1 })
    try {
      await migratePostgres(target.db)
    } finally {
      await target.close()
    }
  }
  return url
}

async function dropDatabases(admin: string, names: string[]) {
  const server = await openPostgres(admin, { max: 1 })
  try {
    for (const name of names) await server.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  } finally {
    await server.close()
  }
}

/** The 1,000 oldest pending contact, CAF and fiscal requests, as the bulk validation screen offers them. */
async function plainRequests(ctx: StaffContext): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('requests')
    .select('id')
    .where('state', '=', 'pending')
    .where('kind', 'in', ['responsable.update', 'fiscal.update', 'caf.update'])
    .orderBy('submitted_at_utc')
    .orderBy('id')
    .limit(1000)
    .execute()
  return rows.map((r) => r.id)
}

/** The operations of the back office, the same on both: each back-end's column. */
async function operations(
  contexts: { sqlite: StaffContext; server: StaffContext },
  text: string,
  queries: string[],
) {
  const lines: Line[] = []
  const both = async <T>(
    label: string,
    measure: (ctx: StaffContext) => Promise<T>,
    cell: (value: T) => Cell,
  ) => {
    lines.push({
      label,
      sqlite: await side(() => measure(contexts.sqlite), cell),
      server: await side(() => measure(contexts.server), cell),
    })
  }
  await both(
    `import de ${number(REQUESTS)} demandes (une transaction)`,
    (ctx) => timed(() => importRequests(ctx, text, 'bench.jsonl')),
    ({ ms, value }) => `${fmt(ms)} (${value.imported} importées, ${value.errors.length} erreurs)`,
  )
  await both(
    'file : première page (100 en attente)',
    async (ctx) => {
      const cpu = cpuMs()
      const run = await timed(() => listQueue(ctx, { states: ['pending'], offset: 0, limit: 100 }))
      return { ...run, cpu: cpuMs() - cpu }
    },
    ({ ms, value, cpu }) => `${fmt(ms)} sur ${number(value.total)} (processeur ${fmt(cpu)})`,
  )
  await both(
    'file : 20 pages de 100',
    (ctx) =>
      latency(
        Array.from({ length: 20 }, (_, k) => k * 100),
        (offset) => listQueue(ctx, { states: ['pending'], offset, limit: 100 }),
      ),
    (f) => `médiane ${fmt(f.median)}, p95 ${fmt(f.p95)}`,
  )
  await both(
    `recherche de familles (${queries.length} recherches)`,
    async (ctx) => {
      const search = (query: string) => searchFamilies(ctx, { query, limit: 50, offset: 0 })
      for (const query of queries.slice(0, 20)) await search(query) // warm the caches
      return latency(queries, search)
    },
    (f) => `médiane ${fmt(f.median)}, p95 ${fmt(f.p95)}`,
  )
  await both(
    'validation groupée de 1 000 demandes',
    async (ctx) => {
      const ids = await plainRequests(ctx)
      const cpu = cpuMs()
      const run = await timed(() => bulkValidate(ctx, ids))
      return { ...run, count: ids.length, cpu: cpuMs() - cpu }
    },
    ({ ms, value, count, cpu }) =>
      `${fmt(ms)} pour ${count} (${fmt(ms / count)} chacune, processeur ${fmt(cpu)}) — ${value.applied.length} appliquées`,
  )
  return lines
}

/**
 * Why a child process failed, in one line: the first error its output names
 * (runChild's message starts with « Command failed: <command> », which says nothing).
 */
function childFailure(error: unknown): string {
  const lines = String(error instanceof Error ? error.message : error)
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l !== '')
  return (
    lines.find((l) => /(^\w*Error\b|error:|FATAL|heap out of memory)/i.test(l)) ??
    lines.at(-1) ??
    'sans message'
  )
}

/** The CSV import of FAMILIES families into an empty database of each kind, against each one's bare limit. */
async function csvImport(admin: string, dir: string, names: string[]) {
  const set = syntheticSet(FAMILIES)
  const rows = rowCount(set)
  // Two staged copies: a written import removes its files.
  const staged = (name: string) => {
    const staging = join(dir, name)
    mkdirSync(join(staging, STAGED_FILES), { recursive: true })
    writeSyntheticFiles(set, join(staging, STAGED_FILES))
    return staging
  }
  const fileStaging = staged('staging-fichier')
  const serverStaging = staged('staging-serveur')
  const rate = (ms: number) => rows / (ms / 1000)
  const limitCell = (run: LimitRun) =>
    `${fmt(run.ms)}, ${number(rate(run.ms))} lignes/s (processeur ${fmt(run.cpuMs)})`

  const fileLimit = await runChild<LimitRun>('csv-limit-child.ts', [join(dir, 'bare.db'), String(FAMILIES)])
  names.push('marelle_bench_limite')
  const serverLimit = await runChild<LimitRun>('server-mode-child.ts', [
    'limit',
    await createDatabase(admin, 'marelle_bench_limite', true),
    String(FAMILIES),
  ])

  const target = freshDatabase(dir, 'import.db')
  await target.close()
  const fileImport = await runChild<{ ms: number; cpuMs: number; written: boolean; problems: unknown[] }>(
    'csv-import-child.ts',
    [join(dir, 'import.db'), fileStaging],
  )
  names.push('marelle_bench_import')
  const serverUrl = await createDatabase(admin, 'marelle_bench_import', true)
  let serverImport: ServerImportRun | { failed: string }
  try {
    serverImport = await runChild<ServerImportRun>('server-mode-child.ts', [
      'import',
      serverUrl,
      serverStaging,
      join(dir, 'serveur-import'),
    ])
  } catch (error) {
    serverImport = { failed: childFailure(error) }
  }

  const lines: Line[] = [
    {
      label: 'limite : INSERT nus, une transaction',
      sqlite: limitCell(fileLimit),
      server: limitCell(serverLimit),
    },
  ]
  lines[0].server = `${lines[0].server} [INSERT de plusieurs lignes]`
  const fileCell = fileImport.written
    ? `${fmt(fileImport.ms)}, ${number(rate(fileImport.ms))} lignes/s (processeur ${fmt(fileImport.cpuMs)})`
    : `refusé : ${JSON.stringify(fileImport.problems).slice(0, 120)}`
  let serverCell: Cell
  let serverRatio: Cell = '—'
  let note: string | null = null
  if ('failed' in serverImport) serverCell = `échec : ${serverImport.failed}`
  else if (serverImport.unavailable) {
    serverCell = 'pas encore disponible en mode serveur'
    note = `import : pas encore disponible en mode serveur (« ${serverImport.unavailable} »)`
  } else if (!serverImport.written)
    serverCell = `refusé : ${JSON.stringify(serverImport.problems).slice(0, 120)}`
  else {
    serverCell = `${fmt(serverImport.ms)}, ${number(rate(serverImport.ms))} lignes/s (processeur ${fmt(serverImport.cpuMs)})`
    if (serverImport.families !== FAMILIES)
      serverCell = `${serverCell} — ${number(serverImport.families ?? 0)} familles sur le serveur au lieu de ${number(FAMILIES)}`
    serverRatio = ratio(rate(serverImport.ms), rate(serverLimit.ms))
  }
  lines.push({ label: 'import CSV (tâche de l’écran Import)', sqlite: fileCell, server: serverCell })
  lines.push({
    label: 'rapport import / limite (durée)',
    sqlite: fileImport.written ? ratio(rate(fileImport.ms), rate(fileLimit.ms)) : '—',
    server: serverRatio,
  })
  return { rows, lines, note }
}

export async function measureServerMode(report: (line: string) => void, admin: string): Promise<void> {
  const tmp = tempDir('server-mode')
  const names: string[] = []
  const server = await openPostgres(admin, { max: 1 })
  const version = await server.pool.query<{ v: string; buffers: string; fsync: string; commit: string }>(
    `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS buffers,
       current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS commit`,
  )
  await server.close()
  let serverBackend: Backend | null = null
  let closeDemo = () => {}
  try {
    const settings = version.rows[0]
    report(
      `serveur : PostgreSQL ${settings.v} (${new URL(admin).hostname || 'socket local'}), même machine ; shared_buffers ${settings.buffers}, fsync ${settings.fsync}, synchronous_commit ${settings.commit}`,
    )
    const demo = await demoFile(tmp.dir)
    closeDemo = demo.close
    report(
      Number.isNaN(demo.ms)
        ? `démo : ${number(FAMILIES)} familles reprises de BENCH_CITY (${process.env.BENCH_CITY})`
        : `démo : ${number(FAMILIES)} familles générées sur SQLite en ${fmt(demo.ms)}`,
    )

    names.push('marelle_bench_demo')
    const demoUrl = await createDatabase(admin, 'marelle_bench_demo', false)
    const source = openDatabase(demo.path, { readonly: true })
    const target = await openPostgres(demoUrl, { max: 1, applicationName: 'marelle transfer' })
    try {
      const summary = await transferDatabase({
        source,
        sourcePath: demo.path,
        target,
        actor: commandLineActor('bench'),
        clock: demo.ctx.clock,
      })
      report(
        `transfert vers le serveur : ${number(summary.rows)} lignes en ${fmt(summary.durationMs)} (${number(summary.rowsPerSecond)} lignes/s, ${load()})`,
      )
    } finally {
      await target.close()
      await source.close()
    }

    serverBackend = await startServerBackend({
      databaseUrl: demoUrl,
      localDir: join(tmp.dir, 'serveur'),
      log,
      applicationName: 'marelle bench',
    })
    const serverCtx: StaffContext = {
      ...serverBackend.services,
      session: { staffId: null },
      actor: commandLineActor('bench'),
    }
    // The same requests and searches for both, drawn from the file (the server holds the same rows).
    const all = targets(sqliteOf(demo.backend.services))
    const text = `${Array.from({ length: REQUESTS }, (_, n) => requestLine(n, all)).join('\n')}\n`
    const queries = Object.values(familyQueries(sqliteOf(demo.backend.services))).flat()
    report('')
    table(report, await operations({ sqlite: demo.ctx, server: serverCtx }, text, queries))

    report('')
    const imported = await csvImport(admin, tmp.dir, names)
    report(
      `import CSV de ${number(FAMILIES)} familles (${number(imported.rows)} lignes) dans une base vide :`,
    )
    table(report, imported.lines)
    if (imported.note) report(imported.note)
    report(
      `(${load()} à la fin ; chaque import et chaque limite seul dans son processus ; « processeur » : celui du processus Marelle, pas celui du serveur PostgreSQL)`,
    )
  } finally {
    await serverBackend?.close()
    closeDemo()
    await dropDatabases(admin, names)
    tmp.dispose()
  }
}
