import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { runCliOn } from '../helpers/cli'

// On a migrated database: the test file, or under scripts/pg-suite.mjs a server database.
const FIXTURES = join(__dirname, '../fixtures/calendar')
let backend: TestBackend
let dir: string
beforeEach(() => {
  backend = createTestBackend()
  dir = backend.dir
})
afterEach(() => backend.dispose())

const run = (...argv: string[]) => runCliOn(backend, ...argv)

describe('marelle calendar holidays', () => {
  it('--json: each period with nom, debut (official start day) and reprise (resume day) as aaaa-mm-jj', async () => {
    const result = await run('calendar', 'holidays', '--zone', 'A', '--school-year', '2025-2026', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.out)).toEqual([
      { nom: 'Vacances de la Toussaint', debut: '2025-10-18', reprise: '2025-11-03' },
      { nom: 'Vacances de Noël', debut: '2025-12-20', reprise: '2026-01-05' },
      { nom: "Vacances d'Hiver", debut: '2026-02-07', reprise: '2026-02-23' },
      { nom: 'Vacances de Printemps', debut: '2026-04-04', reprise: '2026-04-20' },
      { nom: "Pont de l'Ascension", debut: '2026-05-14', reprise: '2026-05-18' },
      { nom: "Vacances d'Été", debut: '2026-07-04', reprise: '2026-09-01' },
    ])
  })

  it('says how to import a year that is not known, and refuses a bad zone or year with exit 2', async () => {
    const unknown = await run('calendar', 'holidays', '--zone', 'C', '--school-year', '2030-2031', '--json')
    expect(unknown).toMatchObject({ code: 0, out: '[]' })
    expect(unknown.err).toMatch(
      /zone C ne sont pas connues pour l’année scolaire 2030-2031 .*calendar import/,
    )
    expect(await run('calendar', 'holidays', '--zone', 'D')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--zone vaut A, B, C ou Corse.'),
    })
    expect((await run('calendar', 'holidays', '--zone', 'A', '--school-year', '2025-2027')).code).toBe(2)
    expect((await run('calendar', 'holidays')).err).toContain('Option obligatoire manquante : --zone')
  })
})

describe('marelle calendar import', () => {
  it('--dry-run shows the periods and writes nothing; the import then adds them once', async () => {
    const file = join(FIXTURES, 'calendrier-api.csv')
    const dry = await run('calendar', 'import', file, '--dry-run', '--json')
    expect(dry.code).toBe(0)
    const shown = JSON.parse(dry.out)
    expect(shown).toMatchObject({ fichier: 'calendrier-api.csv', format: 'csv', essai: true, ajoutees: 0 })
    expect(shown.periodes).toHaveLength(8)
    expect(shown.periodes[5]).toEqual({
      zone: 'A',
      annee_scolaire: '2026-2027',
      nom: "Vacances d'Été",
      debut: '2027-07-03',
      reprise: null,
      etat: 'nouvelle',
    })
    expect(shown.ignores.map((i: { motif: string }) => i.motif)).toHaveLength(3)
    expect(
      JSON.parse(
        (await run('calendar', 'holidays', '--zone', 'A', '--school-year', '2026-2027', '--json')).out,
      ),
    ).toEqual([])
    const first = await run('calendar', 'import', file)
    expect(first).toMatchObject({ code: 0 })
    expect(first.out).toContain('8 période(s) ajoutée(s), 0 corrigée(s), 0 déjà connue(s).')
    const again = JSON.parse((await run('calendar', 'import', file, '--json')).out)
    expect(again).toMatchObject({ ajoutees: 0, modifiees: 0, identiques: 8 })
    const year = JSON.parse(
      (await run('calendar', 'holidays', '--zone', 'A', '--school-year', '2026-2027', '--json')).out,
    )
    expect(year[0]).toEqual({ nom: 'Vacances de la Toussaint', debut: '2026-10-17', reprise: '2026-11-02' })
  })

  it('imports an ICS file and a Windows-1252 CSV', async () => {
    expect((await run('calendar', 'import', join(FIXTURES, 'Zone-A.ics'))).out).toContain(
      '6 période(s) ajoutée(s)',
    )
    const latin = join(dir, 'latin1.csv')
    writeFileSync(
      latin,
      Buffer.from(
        'description;population;start_date;end_date;location;zones;annee_scolaire\r\nVacances de No\xebl;-;2027-12-17T23:00:00+00:00;2028-01-02T23:00:00+00:00;Paris;Zone C;2027-2028\r\n',
        'latin1',
      ),
    )
    const result = await run('calendar', 'import', latin, '--json')
    expect(JSON.parse(result.out).periodes[0]).toMatchObject({ nom: 'Vacances de Noël', debut: '2027-12-18' })
  })

  it('exit 1 with a French message for a file that is not the calendar or is missing; 2 without a file', async () => {
    const wrong = join(dir, 'familles.csv')
    writeFileSync(wrong, 'n_famille;nom\r\n1;TEST\r\n')
    const refused = await run('calendar', 'import', wrong)
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('Fichier familles.csv : Ce n’est pas le calendrier scolaire officiel')
    expect(refused.err).not.toMatch(/at .*\.ts/)
    expect((await run('calendar', 'import', join(dir, 'absent.csv'))).code).toBe(1)
    expect((await run('calendar', 'import')).code).toBe(2)
  })
})
