import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { startBackend, startServerBackend } from '../src-main/backend/bootstrap'
import type { StaffContext } from '../src-main/backend/context'
import { openDatabase } from '../src-main/backend/db/open'
import { openPostgres } from '../src-main/backend/db/postgres/open'
import { generateDemo } from '../src-main/backend/demo/generate'
import { searchFamilies } from '../src-main/backend/search/families'
import { searchTerms } from '../src-main/backend/search/match-query'
import { transferDatabase } from '../src-main/backend/transfer/transfer'
import { sqliteOf } from '../tests/helpers/sqlite'
import { adminUrl, databaseUrl } from '../tests/pg/server'
import { fmt, percentile } from './harness'
import { familyQueries } from './search'

// Which family searches are slow on the server, and why (not part of `npm run
// bench`): `pg_virtualenv -t -v 15 node --import tsx bench/search-probe-pg.ts
// FAMILIES DIR` generates a demo of FAMILIES families in DIR/demo.db (kept
// for the next run), moves it to a new server database, times the queries of
// bench/search.ts on both engines by kind, and names the slowest ones on the
// server (their plans: EXPLAIN ANALYZE in psql on marelle_probe, PROBE_REUSE=1
// to keep it).

const [familiesArg, dir] = process.argv.slice(2)
const families = Number(familiesArg)
const log = { info: () => {}, warn: () => {}, error: () => {} }
const actor = commandLineActor('probe')

const path = join(dir, 'demo.db')
const fresh = !existsSync(path)
const file = startBackend({ databasePath: path, log })
const fileCtx: StaffContext = { ...file.services, session: { staffId: null }, actor }
if (fresh) await generateDemo(fileCtx, { families, seed: 'bench' })

const admin = adminUrl()
if (!admin) throw new Error('no server: run under pg_virtualenv')
const url = databaseUrl(admin, 'marelle_probe')
// PROBE_REUSE=1: the server database of the previous run, as it is now.
if (!process.env.PROBE_REUSE) {
  const root = await openPostgres(admin, { max: 1 })
  await root.pool.query('DROP DATABASE IF EXISTS marelle_probe WITH (FORCE)')
  await root.pool.query('CREATE DATABASE marelle_probe')
  await root.close()
  const source = openDatabase(path, { readonly: true })
  const target = await openPostgres(url, { max: 1 })
  await transferDatabase({ source, sourcePath: path, target, actor, clock: fileCtx.clock })
  await target.close()
  source.close()
}

const server = await startServerBackend({ databaseUrl: url, localDir: join(dir, 'serveur'), log })
const serverCtx: StaffContext = { ...server.services, session: { staffId: null }, actor }
const slow: { ms: number; query: string }[] = []
for (const [kind, queries] of Object.entries(familyQueries(sqliteOf(file.services)))) {
  const times = { sqlite: [] as number[], server: [] as number[] }
  for (const [side, ctx] of [
    ['sqlite', fileCtx],
    ['server', serverCtx],
  ] as const) {
    for (const query of queries) {
      const start = performance.now()
      await searchFamilies(ctx, { query, limit: 50, offset: 0 })
      const ms = performance.now() - start
      times[side].push(ms)
      if (side === 'server') slow.push({ ms, query })
    }
  }
  const cell = (t: number[]) => {
    const sorted = [...t].sort((a, b) => a - b)
    return `médiane ${fmt(percentile(sorted, 50))} p95 ${fmt(percentile(sorted, 95))} max ${fmt(sorted.at(-1) ?? 0)}`
  }
  console.log(
    `${kind.padEnd(24)} (${queries.length}) fichier ${cell(times.sqlite)} | serveur ${cell(times.server)}`,
  )
}

slow.sort((a, b) => b.ms - a.ms)
console.log('\nles plus lentes sur le serveur :')
for (const { ms, query } of slow.slice(0, 8))
  console.log(`  ${fmt(ms)}  « ${query} » → ${searchTerms(query).join(' ')}`)
await server.close()
sqliteOf(file.services).close()
