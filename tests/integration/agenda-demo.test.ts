import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'

// The demo's agenda: the seed's July 2017 for TEST ENFANT, and a city's
// enrolments, reservations, absences and closures, the same for a seed.

let dir: string
const dbs: string[] = []
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-agenda-demo-'))
  for (const name of ['a.db', 'b.db']) {
    const db = join(dir, name)
    await runCli('--db', db, 'migrate')
    const made = await runCli('--db', db, 'demo', '--families', '300', '--seed', 'agenda')
    expect(made.code).toBe(0)
    dbs.push(db)
  }
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the demo’s agenda', () => {
  it('spreads a city’s children over périscolaire groups of about 2,000 per service', async () => {
    const db = join(dir, 'city.db')
    await runCli('--db', db, 'migrate')
    expect((await runCli('--db', db, 'demo', '--families', '2000', '--seed', 'city')).code).toBe(0)
    const sqlite = new BetterSqlite3(db, { readonly: true })
    const perService = sqlite
      .prepare(
        `SELECT st.name AS structure, s.code, count(*) AS n FROM enrolments e JOIN services s ON s.id = e.service_id
         JOIN structures st ON st.id = s.structure_id GROUP BY s.id ORDER BY s.id`,
      )
      .all() as { structure: string; code: string; n: number }[]
    const testChild = sqlite
      .prepare(
        `SELECT DISTINCT st.name FROM enrolments e JOIN children c ON c.id = e.child_id JOIN services s ON s.id = e.service_id
         JOIN structures st ON st.id = s.structure_id WHERE c.identifier = '383306398666'`,
      )
      .pluck()
      .all()
    sqlite.close()
    expect(new Set(perService.map((s) => s.structure)).size).toBeGreaterThan(1)
    expect(perService.map((s) => s.code)).toContain('GS001-REPAS')
    expect(Math.max(...perService.map((s) => s.n))).toBeLessThanOrEqual(2_500)
    expect(testChild).toEqual(['Ecoles de Biviers - Périscolaire'])
  }, 120_000)

  it('agenda show 383306398666 --month 2017-07 --json: G from 8 to 31 July, F on the 14th, in all three rows', async () => {
    const { code, out } = await runCli(
      '--db',
      dbs[0],
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

  it('enrols children as a city would, with reservations, absences and closures, the same for a seed', () => {
    const read = (db: string) => {
      const sqlite = new BetterSqlite3(db, { readonly: true })
      const out = {
        perChild: sqlite
          .prepare(
            `SELECT n, count(*) AS children FROM (SELECT child_id, count(*) AS n FROM enrolments WHERE ends_on IS NULL GROUP BY child_id) GROUP BY n ORDER BY n`,
          )
          .all() as { n: number; children: number }[],
        patterns: sqlite.prepare('SELECT count(DISTINCT weekdays) FROM enrolments').pluck().get() as number,
        alternate: sqlite
          .prepare('SELECT count(*) FROM enrolments WHERE alternate_from IS NOT NULL')
          .pluck()
          .get() as number,
        states: sqlite
          .prepare('SELECT state, count(*) AS n FROM agenda_exceptions GROUP BY state ORDER BY state')
          .all(),
        exceptions: sqlite
          .prepare('SELECT child_id, service_id, day, state FROM agenda_exceptions ORDER BY id')
          .all(),
        closures: sqlite
          .prepare(`SELECT count(*) FROM calendar_periods WHERE kind = 'fermeture'`)
          .pluck()
          .get() as number,
        capacities: sqlite
          .prepare('SELECT count(*) FROM services WHERE capacity IS NULL')
          .pluck()
          .get() as number,
        deadlines: sqlite
          .prepare('SELECT count(*) FROM services WHERE booking_deadline IS NULL')
          .pluck()
          .get() as number,
      }
      sqlite.close()
      return out
    }
    const a = read(dbs[0])
    expect(a.perChild.map((r) => r.n)).toEqual([1, 2, 3])
    expect(a.patterns).toBeGreaterThanOrEqual(5)
    expect(a.alternate).toBeGreaterThan(0)
    const states = Object.fromEntries((a.states as { state: string; n: number }[]).map((s) => [s.state, s.n]))
    expect(states.conge).toBeGreaterThan(0)
    expect(states.reservation_hors_contrat).toBeGreaterThan(0)
    expect(a.closures).toBeGreaterThan(0)
    expect(a.capacities).toBe(0)
    expect(a.deadlines).toBe(0)
    const sqlite = new BetterSqlite3(dbs[0], { readonly: true })
    const testDays = sqlite
      .prepare(
        `SELECT count(*) FROM agenda_exceptions e JOIN children c ON c.id = e.child_id WHERE c.identifier = '383306398666'`,
      )
      .pluck()
      .get()
    sqlite.close()
    expect(testDays).toBe(0)
    expect(read(dbs[1])).toEqual(a)
  })
})
