import { BANK_FIELDS } from './family'
import type { FieldSpec } from './spec'

// A direct debit (Prélèvement : Oui) is only possible with a SEPA mandate:
// the account's holder, IBAN and BIC, the mandate's reference (RUM) and the
// day it was signed. The back-end refuses a family saved without them; the
// screens say which are missing.

const NEEDED = ['titulaire_du_compte', 'iban', 'bic', 'rum', 'date_du_mandat'] as const

const empty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')

/** The fields a direct debit still needs, given the family's values by key (after a change). */
export function directDebitMissing(values: Record<string, unknown>): FieldSpec[] {
  if (values.prelevement !== true) return []
  return NEEDED.filter((key) => empty(values[key])).map(
    (key) => BANK_FIELDS.find((f) => f.key === key) as FieldSpec,
  )
}

/** Under each missing field. */
export const DIRECT_DEBIT_FIELD_MESSAGE = 'obligatoire pour le prélèvement'

/** "Prélèvement : Oui demande aussi Titulaire du compte, IBAN, BIC, RUM, Date du mandat." */
export function directDebitMessage(missing: readonly FieldSpec[]): string {
  return `Prélèvement : « Oui » demande aussi ${missing.map((f) => f.label).join(', ')} (mandat SEPA).`
}

/** The fields a change touches that matter to a direct debit. */
export function touchesDirectDebit(patch: Record<string, unknown>): boolean {
  return 'prelevement' in patch || NEEDED.some((key) => key in patch)
}
