import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { type Backend, startBackend } from '../src-main/backend/bootstrap'
import type { StaffContext } from '../src-main/backend/context'
import { generateDemo } from '../src-main/backend/demo/generate'
import { sqliteOf } from '../tests/helpers/sqlite'
import { type BenchSuite, fmt, tempDir, timed } from './harness'

const log = { info: () => {}, warn: () => {}, error: () => {} }
export const CITY_FAMILIES = 100_000

let city: { backend: Backend; ctx: StaffContext; ms: number; path: string } | null = null

/**
 * A database of 100,000 demo families, generated once per bench run and
 * shared by the suites that need a city (generation takes minutes). With
 * BENCH_CITY=FILE, the city is generated into FILE the first time and
 * reused by later runs (a copy of it, when a suite writes: billing issues
 * its month).
 */
export async function cityDatabase() {
  if (city) return city
  const kept = process.env.BENCH_CITY
  const tmp = tempDir('city')
  const path = join(tmp.dir, 'city.db')
  if (kept && existsSync(kept)) copyFileSync(kept, path)
  const backend = startBackend({ databasePath: path, log })
  process.once('exit', () => {
    sqliteOf(backend.services).close()
    tmp.dispose()
  })
  const actor = commandLineActor('bench')
  const ctx: StaffContext = { ...backend.services, session: { staffId: null }, actor }
  if (kept && existsSync(kept)) {
    city = { backend, ctx, ms: Number.NaN, path }
    return city
  }
  const { ms } = await timed(() => generateDemo(ctx, { families: CITY_FAMILIES, seed: 'bench' }))
  if (kept) {
    sqliteOf(backend.services).pragma('wal_checkpoint(TRUNCATE)')
    copyFileSync(path, kept)
  }
  city = { backend, ctx, ms, path }
  return city
}

export const demoSuite: BenchSuite = {
  name: 'demo',
  async run(report) {
    const { ms, backend } = await cityDatabase()
    const count = (table: string) =>
      sqliteOf(backend.services).prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    if (Number.isNaN(ms))
      report(`ville reprise de BENCH_CITY (${process.env.BENCH_CITY}) : génération non mesurée`)
    else {
      report(`génération de ${CITY_FAMILIES.toLocaleString('fr-FR')} familles : ${fmt(ms)}`)
      report(`débit : ${Math.round(CITY_FAMILIES / (ms / 1000)).toLocaleString('fr-FR')} familles/s`)
    }
    report(
      `lignes : ${count('children').toLocaleString('fr-FR')} enfants, ${count('vaccinations').toLocaleString('fr-FR')} vaccinations, ${count('authorized_persons').toLocaleString('fr-FR')} personnes autorisées`,
    )
  },
}
