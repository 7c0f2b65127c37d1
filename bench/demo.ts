import { join } from 'node:path'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { type Backend, startBackend } from '../src-main/backend/bootstrap'
import type { StaffContext } from '../src-main/backend/context'
import { generateDemo } from '../src-main/backend/demo/generate'
import { type BenchSuite, fmt, tempDir, timed } from './harness'

const log = { info: () => {}, warn: () => {}, error: () => {} }
export const CITY_FAMILIES = 100_000

let city: { backend: Backend; ctx: StaffContext; ms: number } | null = null

/**
 * A database of 100,000 demo families, generated once per bench run and
 * shared by the suites that need a city (generation takes tens of seconds).
 */
export async function cityDatabase() {
  if (city) return city
  const tmp = tempDir('city')
  const backend = startBackend({ databasePath: join(tmp.dir, 'city.db'), log })
  process.once('exit', () => {
    backend.services.sqlite.close()
    tmp.dispose()
  })
  const actor = commandLineActor('bench')
  const ctx: StaffContext = { ...backend.services, session: { staffId: null }, actor }
  const { ms } = await timed(() => generateDemo(ctx, { families: CITY_FAMILIES, seed: 'bench' }))
  city = { backend, ctx, ms }
  return city
}

export const demoSuite: BenchSuite = {
  name: 'demo',
  async run(report) {
    const { ms, backend } = await cityDatabase()
    const count = (table: string) =>
      backend.services.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    report(`génération de ${CITY_FAMILIES.toLocaleString('fr-FR')} familles : ${fmt(ms)}`)
    report(`débit : ${Math.round(CITY_FAMILIES / (ms / 1000)).toLocaleString('fr-FR')} familles/s`)
    report(
      `lignes : ${count('children').toLocaleString('fr-FR')} enfants, ${count('vaccinations').toLocaleString('fr-FR')} vaccinations, ${count('authorized_persons').toLocaleString('fr-FR')} personnes autorisées`,
    )
  },
}
