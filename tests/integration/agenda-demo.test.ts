import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { runCliOn } from '../helpers/cli'
import { onPostgres } from '../helpers/pg-backend'

// The demo's agenda: the seed's July 2017 for TEST ENFANT, and a city's
// enrolments, reservations, absences and closures, the same for a seed.
// Each database is a test backend's (the SQLite file, or a PostgreSQL one
// under scripts/pg-suite.mjs), filled by `marelle --db … demo` and read
// through its kysely.

const backends: TestBackend[] = []
async function rowsOf<T = Record<string, unknown>>(b: TestBackend, text: string): Promise<T[]> {
  let n = 0
  const compiled = onPostgres ? text.replace(/\?/g, () => `$${++n}`) : text
  return (await b.services.db.executeQuery<T>(CompiledQuery.raw(compiled, []))).rows
}
const value = async (b: TestBackend, text: string) => Object.values((await rowsOf(b, text))[0] ?? {})[0]
const column = async (b: TestBackend, text: string) => (await rowsOf(b, text)).map((r) => Object.values(r)[0])

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const backend = createTestBackend()
    backends.push(backend)
    const made = await runCliOn(backend, 'demo', '--families', '300', '--seed', 'agenda')
    expect(made.code).toBe(0)
  }
}, 120_000)
afterAll(async () => {
  for (const backend of backends) await backend.dispose()
})

describe('the demo’s agenda', () => {
  it('spreads a city’s children over périscolaire groups of about 2,000 per service', async () => {
    const city = createTestBackend()
    backends.push(city)
    expect((await runCliOn(city, 'demo', '--families', '2000', '--seed', 'city')).code).toBe(0)
    const perService = await rowsOf<{ structure: string; code: string; n: number }>(
      city,
      `SELECT st.name AS structure, s.code, count(*) AS n FROM enrolments e JOIN services s ON s.id = e.service_id
       JOIN structures st ON st.id = s.structure_id GROUP BY s.id, st.name, s.code ORDER BY s.id`,
    )
    const testChild = await column(
      city,
      `SELECT DISTINCT st.name FROM enrolments e JOIN children c ON c.id = e.child_id JOIN services s ON s.id = e.service_id
       JOIN structures st ON st.id = s.structure_id WHERE c.identifier = '383306398666'`,
    )
    expect(new Set(perService.map((s) => s.structure)).size).toBeGreaterThan(1)
    expect(perService.map((s) => s.code)).toContain('GS001-REPAS')
    expect(Math.max(...perService.map((s) => s.n))).toBeLessThanOrEqual(2_500)
    expect(testChild).toEqual(['Ecoles de Biviers - Périscolaire'])
  }, 120_000)

  it('agenda show 383306398666 --month 2017-07 --json: G from 8 to 31 July, F on the 14th, in all three rows', async () => {
    const { code, out } = await runCliOn(
      backends[0],
      'agenda',
      'show',
      '383306398666',
      '--month',
      '2017-07',
      '--json',
    )
    expect(code).toBe(0)
    const doc = JSON.parse(out)
    expect(
      doc.lignes.map((l: { structure: string; service: string }) => `${l.structure} / ${l.service}`),
    ).toEqual([
      'Ecoles de Biviers - Périscolaire / Accueil du matin',
      'Ecoles de Biviers - Périscolaire / Repas',
      'Ecoles de Biviers - Périscolaire / Accueil du soir',
    ])
    for (const line of doc.lignes) {
      expect(line.jours).toHaveLength(31)
      const letters = line.jours.map((j: { lettre: string | null }) => j.lettre ?? '.').join('')
      expect(letters).toBe('.......GGGGGGFGGGGGGGGGGGGGGGGG')
      expect(line.jours[13]).toEqual({
        date: '2017-07-14',
        etat: 'jour_ferie',
        libelle: 'Jour férié',
        lettre: 'F',
      })
    }
  })

  it('enrols children as a city would, with reservations, absences and closures, the same for a seed', async () => {
    const read = async (b: TestBackend) => ({
      perChild: await rowsOf<{ n: number; children: number }>(
        b,
        `SELECT n, count(*) AS children FROM (SELECT child_id, count(*) AS n FROM enrolments WHERE ends_on IS NULL GROUP BY child_id) per_child GROUP BY n ORDER BY n`,
      ),
      patterns: await value(b, 'SELECT count(DISTINCT weekdays) FROM enrolments'),
      alternate: await value(b, 'SELECT count(*) FROM enrolments WHERE alternate_from IS NOT NULL'),
      states: await rowsOf(
        b,
        'SELECT state, count(*) AS n FROM agenda_exceptions GROUP BY state ORDER BY state',
      ),
      exceptions: await rowsOf(
        b,
        'SELECT child_id, service_id, day, state FROM agenda_exceptions ORDER BY id',
      ),
      closures: await value(b, `SELECT count(*) FROM calendar_periods WHERE kind = 'fermeture'`),
      capacities: await value(b, 'SELECT count(*) FROM services WHERE capacity IS NULL'),
      deadlines: await value(b, 'SELECT count(*) FROM services WHERE booking_deadline IS NULL'),
    })
    const a = await read(backends[0])
    expect(a.perChild.map((r) => r.n)).toEqual([1, 2, 3])
    expect(a.patterns).toBeGreaterThanOrEqual(5)
    expect(a.alternate).toBeGreaterThan(0)
    const states = Object.fromEntries((a.states as { state: string; n: number }[]).map((s) => [s.state, s.n]))
    expect(states.conge).toBeGreaterThan(0)
    expect(states.reservation_hors_contrat).toBeGreaterThan(0)
    expect(a.closures).toBeGreaterThan(0)
    expect(a.capacities).toBe(0)
    expect(a.deadlines).toBe(0)
    const testDays = await value(
      backends[0],
      `SELECT count(*) FROM agenda_exceptions e JOIN children c ON c.id = e.child_id WHERE c.identifier = '383306398666'`,
    )
    expect(testDays).toBe(0)
    expect(await read(backends[1])).toEqual(a)
  })
})
