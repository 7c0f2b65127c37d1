import { describe, expect, it } from 'vitest'
import {
  CHILD_FIELDS,
  FAMILY_FIELDS,
  QUOTIENT_FIELDS,
  VACCINATION_FIELDS,
} from '../../src-shared/fields/index'
import { lastYear } from '../../src-shared/validation/dates'
import { formatIssues } from '../../src-shared/validation/format-issues'
import { instant, requiredDay } from '../../src-shared/validation/values'
import { z } from '../../src-shared/zod'

const DAY_FIELDS = [...FAMILY_FIELDS, ...QUOTIENT_FIELDS, ...CHILD_FIELDS, ...VACCINATION_FIELDS].filter(
  (f) => f.kind === 'day',
)

function refusal(schema: z.ZodType, value: unknown): string | null {
  const root = z.object({ v: schema })
  const result = root.safeParse({ v: value })
  return result.success ? null : formatIssues(result.error, root)[0].message
}

describe('every day of the field catalogue', () => {
  it('has day fields to check', () => {
    expect(DAY_FIELDS.map((f) => f.key)).toEqual(
      expect.arrayContaining(['date_de_naissance', 'date', 'qf_du']),
    )
  })

  for (const field of DAY_FIELDS)
    it(`${field.label}: refuses impossible days and absurd years, naming the field`, () => {
      for (const impossible of [
        '2026-02-30',
        '30/02/2026',
        '31/04/2020',
        '2023-02-29',
        '00/01/2020',
        '2020-13-01',
      ])
        expect(refusal(field.schema, impossible)).toBe(`${field.label} : date invalide (jj/mm/aaaa)`)
      expect(refusal(field.schema, '0001-01-01')).toMatch(new RegExp(`^${field.label} : `))
      expect(refusal(field.schema, '2099-01-01')).toMatch(
        new RegExp(`^${field.label} : année 2099 hors des limites`),
      )
      expect(refusal(field.schema, '31/12/1899')).toContain('année 1899 hors des limites (de 1900 à')
      expect(field.schema.safeParse('2024-02-29').data).toBe('2024-02-29')
      expect(field.schema.safeParse('01/01/1900').data).toBe('1900-01-01')
    })

  it('reach ten years ahead, no further', () => {
    const last = lastYear()
    expect(last).toBe(new Date().getFullYear() + 10)
    expect(requiredDay('Date').parse(`31/12/${last}`)).toBe(`${last}-12-31`)
    expect(refusal(requiredDay('Date'), `01/01/${last + 1}`)).toBe(
      `Date : année ${last + 1} hors des limites (de 1900 à ${last})`,
    )
  })
})

describe('an instant sent by the portal', () => {
  const submitted = instant('submitted_at')
  it('refuses a day that does not exist instead of rolling it over', () => {
    expect(refusal(submitted, '2026-02-30T10:00:00+01:00')).toBe(
      'submitted_at : date inexistante (2026-02-30)',
    )
    expect(refusal(submitted, '2026-04-31T10:00:00Z')).toBe('submitted_at : date inexistante (2026-04-31)')
    expect(refusal(submitted, '2026-03-01T24:30:00Z')).toContain('heure inexistante')
    expect(refusal(submitted, '2026-03-01T10:61:00Z')).toContain('heure inexistante')
    expect(refusal(submitted, '2026-03-01T10:00:00+25:00')).toContain('fuseau inexistant')
  })
  it('refuses years 0001 and 2099', () => {
    expect(refusal(submitted, '0001-01-01T10:00:00Z')).toBe(
      'submitted_at : date antérieure au 01/01/2000 (0001-01-01)',
    )
    expect(refusal(submitted, '2099-01-01T10:00:00Z')).toBe('submitted_at : date dans le futur (2099-01-01)')
  })
  it('keeps a real instant as written', () => {
    expect(submitted.parse('2017-07-03T10:12:00+02:00')).toBe('2017-07-03T10:12:00+02:00')
    expect(submitted.parse('2024-02-29T23:59:59.123Z')).toBe('2024-02-29T23:59:59.123Z')
  })
})

describe('requests export-decisions --since', () => {
  it('follows the same rules: no 30 February, no year 2099, in a day or an instant', async () => {
    const { parseSince } = await import('../../src-main/backend/requests/export')
    expect(parseSince('2017-07-03')).toBe('2017-07-02T22:00:00.000Z')
    expect(parseSince('2017-07-03T10:12:00+02:00')).toBe('2017-07-03T08:12:00.000Z')
    for (const [since, words] of [
      ['30/02/2026', 'Depuis : date invalide'],
      ['2099-01-01', 'Depuis : année 2099 hors des limites'],
      ['2026-02-30T10:00:00Z', 'Depuis : date invalide'],
      ['2026-02-30T10:00:00', 'Depuis : date invalide'],
      ['2026-03-01T25:00:00Z', 'Depuis : heure inexistante'],
    ])
      expect(() => parseSince(since)).toThrow(words)
  })
})
