import { describe, expect, it } from 'vitest'
import { unitPrice } from '../../src-main/backend/billing/month-lines'
import { sepaText } from '../../src-main/backend/billing/sepa'
import {
  bracketFor,
  bracketLabel,
  bracketProblems,
  formatEuros,
  invoiceNumber,
  parseEuros,
  percentOf,
  startedUnits,
} from '../../src-shared/domain/billing'

const BRACKETS = [
  { qfMin: 0, priceCents: 100 },
  { qfMin: 500, priceCents: 210 },
  { qfMin: 900, priceCents: 320 },
  { qfMin: 1300, priceCents: 410 },
]

describe('tariff brackets', () => {
  it('are half-open: 899 is 2.10 €, 900 is 3.20 €, 1300 and no QF 4.10 €', () => {
    expect(bracketFor(BRACKETS, 0).bracket.priceCents).toBe(100)
    expect(bracketFor(BRACKETS, 499).bracket.priceCents).toBe(100)
    expect(bracketFor(BRACKETS, 500).bracket.priceCents).toBe(210)
    expect(bracketFor(BRACKETS, 899).bracket.priceCents).toBe(210)
    expect(bracketFor(BRACKETS, 900).bracket.priceCents).toBe(320)
    expect(bracketFor(BRACKETS, 1300).bracket.priceCents).toBe(410)
    expect(bracketFor(BRACKETS, null)).toMatchObject({ index: 3, bracket: { priceCents: 410 } })
    expect(bracketLabel(BRACKETS, 1)).toBe('[500, 900)')
    expect(bracketLabel(BRACKETS, 3)).toBe('≥ 1300')
  })

  it('are checked: from 0, no two at one minimum, integer cents', () => {
    expect(bracketProblems(BRACKETS)).toEqual([])
    expect(bracketProblems([{ qfMin: 100, priceCents: 100 }])).toEqual([
      'Tranches : la première tranche doit commencer à un quotient de 0.',
    ])
    expect(bracketProblems([...BRACKETS, { qfMin: 900, priceCents: 1 }])).toContain(
      'Tranches : deux tranches commencent au quotient 900.',
    )
    expect(bracketProblems([{ qfMin: 0, priceCents: 1.5 }])[0]).toMatch(/centimes/)
    expect(bracketProblems([])).toHaveLength(1)
  })
})

describe('prices in integer cents, half up', () => {
  it('a surcharge of +50 % on 1.15 € is 1.73 €, three of them 5.19 €', () => {
    const unit = unitPrice(115, 'heure_hors_contrat', { absentSharePct: 100, surchargePct: 50 })
    expect(unit).toBe(173)
    expect(3 * unit).toBe(519)
  })

  it('an Absent facturé at its share, rounded half up', () => {
    expect(unitPrice(210, 'absent_facture', { absentSharePct: 100, surchargePct: 0 })).toBe(210)
    expect(unitPrice(215, 'absent_facture', { absentSharePct: 50, surchargePct: 0 })).toBe(108)
    expect(percentOf(105, 50)).toBe(53)
    expect(percentOf(104, 50)).toBe(52)
  })

  it('started half hours and hours between arrival and departure', () => {
    expect(startedUnits('16:30', '17:30', 30)).toBe(2)
    expect(startedUnits('16:30', '17:31', 30)).toBe(3)
    expect(startedUnits('16:30', '17:31', 60)).toBe(2)
  })

  it('numbers, euros and the SEPA character set', () => {
    expect(invoiceNumber(2026, 42)).toBe('2026-000042')
    expect(formatEuros(2730)).toBe('27,30 €')
    expect(formatEuros(-210)).toBe('-2,10 €')
    expect(parseEuros('20.00')).toBe(2000)
    expect(parseEuros('7,5')).toBe(750)
    expect(parseEuros('abc')).toBeNull()
    expect(sepaText('Régie de l’Œuvre — Zoé & Cie', 70)).toBe("Regie de l'OEuvre Zoe Cie")
  })
})
