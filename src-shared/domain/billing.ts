// Money and tariff rules of billing (docs/facturation.md), shared by the
// back-end and the screens. Every amount is an integer number of cents.

export type TariffUnit = 'acte' | 'demi_heure' | 'heure' | 'demi_journee' | 'journee' | 'forfait_mensuel'

export const TARIFF_UNITS: { value: TariffUnit; label: string }[] = [
  { value: 'acte', label: 'L’acte ou le repas' },
  { value: 'demi_heure', label: 'La demi-heure commencée' },
  { value: 'heure', label: 'L’heure commencée' },
  { value: 'demi_journee', label: 'La demi-journée' },
  { value: 'journee', label: 'La journée' },
  { value: 'forfait_mensuel', label: 'Le forfait mensuel' },
]

export const PAYMENT_MODES = [
  { value: 'especes', label: 'Espèces' },
  { value: 'cheque', label: 'Chèque' },
  { value: 'cesu', label: 'CESU' },
  { value: 'cheques_vacances', label: 'Chèques vacances' },
  { value: 'virement', label: 'Virement' },
  { value: 'carte', label: 'Carte bancaire' },
  { value: 'prelevement', label: 'Prélèvement' },
] as const

export type PaymentMode = (typeof PAYMENT_MODES)[number]['value']

/** Agenda states billed at the tariff, at the Absent facturé share, or with the surcharge. */
export const BILLED_STATES = ['reserve', 'regulier', 'reservation_hors_contrat'] as const
/** States that stop a family's invoice for the month until staff resolve them. */
export const BLOCKING_STATES = [
  'erreur',
  'absence_a_verifier',
  'reservation_en_cours',
  'absence_en_cours',
] as const

/** Rounds a non-negative numerator / denominator half up to an integer (cents). */
export function roundHalfUp(numerator: number, denominator: number): number {
  const sign = numerator < 0 ? -1 : 1
  const n = Math.abs(numerator)
  return sign * Math.floor((2 * n + denominator) / (2 * denominator))
}

/** A price in cents times a percentage, rounded half up to the cent: 115 × 150 % = 173. */
export function percentOf(cents: number, pct: number): number {
  return roundHalfUp(cents * pct, 100)
}

export interface Bracket {
  qfMin: number
  priceCents: number
}

/**
 * Checks brackets as half-open ranges [min, next): sorted, the first from 0,
 * no two at the same minimum (no gap, no overlap by construction). Returns
 * French messages, empty when fine.
 */
export function bracketProblems(brackets: Bracket[]): string[] {
  const problems: string[] = []
  if (brackets.length === 0) return ['Tranches : au moins une tranche est nécessaire.']
  const sorted = [...brackets].sort((a, b) => a.qfMin - b.qfMin)
  if (sorted[0].qfMin !== 0)
    problems.push('Tranches : la première tranche doit commencer à un quotient de 0.')
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].qfMin === sorted[i - 1].qfMin)
      problems.push(`Tranches : deux tranches commencent au quotient ${sorted[i].qfMin}.`)
  for (const b of sorted) {
    if (!Number.isInteger(b.qfMin) || b.qfMin < 0)
      problems.push(`Tranches : le quotient ${b.qfMin} n’est pas un entier positif.`)
    if (!Number.isInteger(b.priceCents) || b.priceCents < 0)
      problems.push(`Tranches : le prix ${b.priceCents} n’est pas un nombre entier de centimes positif.`)
  }
  return problems
}

/** The bracket of a QF (null: no valid QF, the top bracket). Brackets sorted by qfMin. */
export function bracketFor(brackets: Bracket[], qf: number | null): { index: number; bracket: Bracket } {
  let index = brackets.length - 1
  if (qf !== null) {
    index = 0
    for (let i = 0; i < brackets.length; i++) if (brackets[i].qfMin <= qf) index = i
  }
  return { index, bracket: brackets[index] }
}

/** « [500, 900) » or « ≥ 1300 » for the top bracket. */
export function bracketLabel(brackets: Bracket[], index: number): string {
  const next = brackets[index + 1]
  return next ? `[${brackets[index].qfMin}, ${next.qfMin})` : `≥ ${brackets[index].qfMin}`
}

/** Started units between two « HH:MM » times: 16:30 to 17:31 is 3 started half hours. */
export function startedUnits(arrivedAt: string, leftAt: string, minutes: number): number {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
  const span = toMin(leftAt) - toMin(arrivedAt)
  return span <= 0 ? 1 : Math.ceil(span / minutes)
}

/** « 27,30 € » */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const euros = Math.floor(abs / 100)
    .toLocaleString('fr-FR')
    .replace(/\u202f|\u00a0/g, ' ')
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')} €`
}

/** « 20.00 », « 20,5 », « 7 » → cents; null when not an amount. */
export function parseEuros(text: string): number | null {
  const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*(?:€)?\s*$/.exec(text)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'))
}

/** « 2026-000001 »: the year and six digits, no gap within a year. */
export function invoiceNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(6, '0')}`
}
