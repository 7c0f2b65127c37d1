import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCell, KEEP, PHONE_PREFIX_LENGTH, parseCell } from '../../src-main/backend/family-csv/cells'
import { FILE_COLUMNS } from '../../src-main/backend/family-csv/columns'
import { GUARDIAN_FIELDS } from '../../src-shared/fields/index'
import { normalizePhone } from '../../src-shared/validation/values'

const specs = Object.values(FILE_COLUMNS).flatMap((columns) =>
  columns.flatMap((c) => (c.spec ? [c.spec] : [])),
)
const mobile = GUARDIAN_FIELDS.find((f) => f.key === 'mobile')!

describe('cells of family files', () => {
  it('write every list value as its French label, which reads back as the same value', () => {
    for (const spec of specs.filter((s) => s.kind === 'option'))
      for (const option of spec.options ?? []) {
        const cell = formatCell(spec, option.value)
        expect(cell, spec.key).toBe(option.label)
        expect(parseCell(spec, cell), `${spec.key}: ${cell}`).toEqual({ ok: true, value: option.value })
      }
  })

  it('write dates dd/mm/yyyy, flags Oui/Non, decimals with a comma, and read them back', () => {
    for (const spec of specs) {
      const samples: Record<string, unknown[]> = {
        day: ['2017-07-03', '2024-02-29'],
        flag: [0, 1],
        decimal: [0.5, 2.5, 3],
        integer: [0, 450, 99999],
      }
      for (const stored of samples[spec.kind] ?? []) {
        const cell = formatCell(spec, stored)
        const expected = spec.kind === 'flag' ? stored === 1 : stored
        expect(parseCell(spec, cell), `${spec.key}: ${cell}`).toEqual({ ok: true, value: expected })
      }
    }
    const day = specs.find((s) => s.kind === 'day')!
    expect(formatCell(day, '2017-07-03')).toBe('03/07/2017')
  })

  it('read an empty Oui/Non cell as "leave as it is", an empty required cell as an error', () => {
    const flag = specs.find((s) => s.kind === 'flag')!
    expect(parseCell(flag, '  ')).toEqual({ ok: true, value: KEEP })
    const nom = GUARDIAN_FIELDS.find((f) => f.key === 'nom')!
    expect(parseCell(nom, '')).toEqual({ ok: false, message: 'obligatoire.' })
    expect(parseCell(mobile, '06 12')).toEqual({
      ok: false,
      message: '« 06 12 » : numéro invalide (10 chiffres commençant par 0, ou +33…).',
    })
  })

  it('judge a stored French number by its prefix exactly as libphonenumber does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 99_999 }),
        fc.integer({ min: 0, max: 9_999 }),
        (prefix, rest) => {
          const number = `0${prefix}${String(rest).padStart(4, '0')}`
          expect(number.slice(0, PHONE_PREFIX_LENGTH)).toBe(`0${prefix}`)
          const parsed = parseCell(mobile, number)
          const expected = normalizePhone(number)
          expect(parsed).toEqual(
            expected === number ? { ok: true, value: number } : expect.objectContaining({ ok: false }),
          )
        },
      ),
      { numRuns: 3000 },
    )
  })
})
