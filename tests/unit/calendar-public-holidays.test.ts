import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publicHolidays } from '../../src-main/backend/calendar/public-holidays'

// @socialgouv/jours-feries gives Dates at the machine's local midnight: the
// days read from them must not depend on the machine's time zone. Each zone
// runs in its own Node process (TZ is read once, when the process starts).

const PROBE = join(__dirname, '../fixtures/calendar/public-holidays-probe.ts')

function holidaysUnder(tz: string) {
  const text = execFileSync(process.execPath, ['--import', 'tsx', PROBE], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
  })
  return JSON.parse(text) as { tz: string; out: Record<string, Record<string, string>> }
}

describe('public holidays', () => {
  it('2017 (the seed’s year) as the Code du travail lists them, Easter Monday on 17 April', () => {
    expect(Object.fromEntries([...publicHolidays(2017, false)].sort())).toEqual({
      '2017-01-01': "Jour de l'an",
      '2017-04-17': 'Lundi de Pâques',
      '2017-05-01': 'Fête du travail',
      '2017-05-08': 'Victoire des alliés',
      '2017-05-25': 'Ascension',
      '2017-06-05': 'Lundi de Pentecôte',
      '2017-07-14': 'Fête Nationale',
      '2017-08-15': 'Assomption',
      '2017-11-01': 'Toussaint',
      '2017-11-11': 'Armistice',
      '2017-12-25': 'Noël',
    })
  })

  it('Alsace-Moselle adds Good Friday and 26 December, nothing else', () => {
    const plain = publicHolidays(2026, false)
    const alsace = publicHolidays(2026, true)
    expect([...alsace.keys()].filter((d) => !plain.has(d)).sort()).toEqual(['2026-04-03', '2026-12-26'])
    expect(plain.get('2026-04-06')).toBe('Lundi de Pâques')
  })

  it('gives the same days under TZ=UTC, TZ=Europe/Paris and a zone west of Greenwich', () => {
    const paris = holidaysUnder('Europe/Paris')
    const utc = holidaysUnder('UTC')
    const west = holidaysUnder('America/Los_Angeles')
    expect([paris.tz, utc.tz, west.tz]).toEqual(['Europe/Paris', 'UTC', 'America/Los_Angeles'])
    expect(utc.out).toEqual(paris.out)
    expect(west.out).toEqual(paris.out)
    expect(paris.out['2024:false']['2024-04-01']).toBe('Lundi de Pâques')
    expect(paris.out['2026:true']['2026-04-03']).toBe('Vendredi Saint')
  })
})
