import { CAF_ORGANISATIONS } from '../domain/people'
import { bic, day, decimal, flag, iban, integer, option, text } from '../validation/values'
import type { FieldSpec } from './spec'

/** Informations CAF (caf.update). QF lives in its own table, with its history. */
export const CAF_FIELDS: FieldSpec[] = [
  {
    key: 'organisme',
    column: 'caf_organisation',
    label: 'Organisme',
    csv: 'Organisme',
    kind: 'option',
    options: CAF_ORGANISATIONS,
    schema: option('Organisme', CAF_ORGANISATIONS),
  },
  {
    key: 'n_allocataire',
    column: 'caf_number',
    label: 'N° allocataire',
    csv: 'N° allocataire',
    kind: 'text',
    schema: text('N° allocataire', 20),
  },
]

export const QUOTIENT_FIELDS: FieldSpec[] = [
  { key: 'qf', column: 'qf', label: 'QF', csv: 'QF', kind: 'integer', schema: integer('QF', 0, 100_000) },
  { key: 'qf_du', column: 'valid_from', label: 'QF du', csv: 'QF du', kind: 'day', schema: day('QF du') },
  { key: 'qf_au', column: 'valid_to', label: 'QF au', csv: 'QF au', kind: 'day', schema: day('QF au') },
]

/** Informations fiscales (fiscal.update). */
export const FISCAL_FIELDS: FieldSpec[] = [
  {
    key: 'revenu_fiscal_de_reference',
    column: 'tax_reference_income',
    label: 'Revenu fiscal de référence',
    csv: 'Revenu fiscal de référence',
    kind: 'integer',
    schema: integer('Revenu fiscal de référence', 0, 100_000_000),
  },
  {
    key: 'nombre_de_parts',
    column: 'tax_shares',
    label: 'Nombre de parts',
    csv: 'Nombre de parts',
    kind: 'decimal',
    schema: decimal('Nombre de parts', 0.5, 20),
  },
]

/** Coordonnées bancaires (bank.update). */
export const BANK_FIELDS: FieldSpec[] = [
  {
    key: 'titulaire_du_compte',
    column: 'bank_holder',
    label: 'Titulaire du compte',
    csv: 'Titulaire du compte',
    kind: 'text',
    schema: text('Titulaire du compte', 70),
  },
  {
    key: 'banque',
    column: 'bank_name',
    label: 'Banque',
    csv: 'Banque',
    kind: 'text',
    schema: text('Banque', 70),
  },
  { key: 'iban', column: 'iban', label: 'IBAN', csv: 'IBAN', kind: 'iban', schema: iban('IBAN') },
  { key: 'bic', column: 'bic', label: 'BIC', csv: 'BIC', kind: 'bic', schema: bic('BIC') },
  { key: 'rum', column: 'sepa_rum', label: 'RUM', csv: 'RUM', kind: 'text', schema: text('RUM', 35) },
  {
    key: 'date_du_mandat',
    column: 'sepa_signed_on',
    label: 'Date du mandat',
    csv: 'Date du mandat',
    kind: 'day',
    schema: day('Date du mandat'),
  },
  {
    key: 'prelevement',
    column: 'direct_debit',
    label: 'Prélèvement',
    csv: 'Prélèvement',
    kind: 'flag',
    schema: flag('Prélèvement'),
  },
]

/** Every field of the families table that staff edit. */
export const FAMILY_FIELDS: FieldSpec[] = [...CAF_FIELDS, ...FISCAL_FIELDS, ...BANK_FIELDS]
