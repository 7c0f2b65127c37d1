import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { startBackend, startServerBackend } from '../src-main/backend/bootstrap'
import type { StaffContext } from '../src-main/backend/context'
import { openDatabase } from '../src-main/backend/db/open'
import { openPostgres } from '../src-main/backend/db/postgres/open'
import { bind, QUERY } from '../src-main/backend/db/postgres/search'
import { generateDemo } from '../src-main/backend/demo/generate'
import { familyList, searchFamilies } from '../src-main/backend/search/families'
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
// bench/search.ts on both engines by kind, and prints the server's plan of
// the slowest ones.

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
const matching = `FROM family_search s JOIN family_search_order o ON o.family_id = s.rowid WHERE s.words @@ ${QUERY}`
const statements = {
  archived: 'SELECT 1 AS one FROM families WHERE archived_on <= @today LIMIT 1',
  page: `WITH page AS (SELECT o.family_id AS id, o.sort_key ${matching} ORDER BY o.sort_key LIMIT @limit OFFSET @offset)
    ${familyList.rowsSql} ORDER BY page.sort_key`,
  count: `SELECT count(*) AS n FROM family_search s WHERE s.words @@ ${QUERY}`,
}
const explain = await openPostgres(url, { max: 1 })
const samples = [familyQueries(sqliteOf(file.services)).téléphone[0], ...slow.slice(0, 2).map((s) => s.query)]
for (const query of samples) {
  const values = { terms: searchTerms(query), today: '2026-12-03', limit: 50, offset: 0 }
  for (const [name, text] of Object.entries(statements)) {
    const compiled = bind(text, values)
    const times: number[] = []
    for (let k = 0; k < 7; k++) {
      const start = performance.now()
      await explain.pool.query(compiled.sql, compiled.parameters as unknown[])
      times.push(performance.now() - start)
    }
    console.log(`« ${query} » ${name}: ${times.map(fmt).join(' ')}`)
  }
  const compiled = bind(`EXPLAIN (ANALYZE, BUFFERS) ${statements.page}`, values)
  const plan = await explain.pool.query(compiled.sql, compiled.parameters as unknown[])
  for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`)
}
await explain.close()
await server.close()
sqliteOf(file.services).close()
