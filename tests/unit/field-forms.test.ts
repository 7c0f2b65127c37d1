import { describe, expect, it } from 'vitest'
import { changedValues, filledValues, formPath, toFormValues } from '../../src-renderer/fields/form-values'
import {
  AUTHORIZED_PERSON_FIELDS,
  BANK_FIELDS,
  displayValue,
  fieldByKey,
  GUARDIAN_FIELDS,
  patchSchema,
} from '../../src-shared/fields/index'

const spec = (fields: typeof GUARDIAN_FIELDS, key: string) => fieldByKey(fields, key)!

describe('values as staff read them', () => {
  it('spaces phones and IBANs, writes dates, flags, list values and decimals the French way', () => {
    expect(displayValue(spec(GUARDIAN_FIELDS, 'mobile'), '0612345678')).toBe('06 12 34 56 78')
    expect(displayValue(spec(GUARDIAN_FIELDS, 'mobile'), '+41791234567')).toBe('+41791234567')
    expect(displayValue(spec(BANK_FIELDS, 'iban'), 'FR7630006000011234567890189')).toBe(
      'FR76 3000 6000 0112 3456 7890 189',
    )
    expect(displayValue(spec(BANK_FIELDS, 'date_du_mandat'), '2017-07-03')).toBe('03/07/2017')
    expect(displayValue(spec(BANK_FIELDS, 'prelevement'), true)).toBe('Oui')
    expect(displayValue(spec(AUTHORIZED_PERSON_FIELDS, 'lien_de_parente'), 'grand_pere')).toBe('Grand-père')
    expect(displayValue(spec(GUARDIAN_FIELDS, 'email'), null)).toBe('')
  })
})

describe('catalogue forms', () => {
  const stored = {
    civilite: 'monsieur',
    nom: 'TEST',
    mobile: '0612345678',
    email: null,
    autorisation_sms: true,
  }

  it('start from the stored values, phones spaced, and send back only what changed', () => {
    const form = toFormValues(GUARDIAN_FIELDS, stored)
    expect(form).toMatchObject({ civilite: 'monsieur', nom: 'TEST', mobile: '06 12 34 56 78', email: '' })
    expect(form.autorisation_courriel).toBe(false)
    const untouched = patchSchema(GUARDIAN_FIELDS).parse(form) as Record<string, unknown>
    expect(changedValues(GUARDIAN_FIELDS, stored, untouched)).toEqual({})
    const edited = patchSchema(GUARDIAN_FIELDS).parse({ ...form, email: ' A@B.FR ', autorisation_sms: false })
    expect(changedValues(GUARDIAN_FIELDS, stored, edited as Record<string, unknown>)).toEqual({
      email: 'a@b.fr',
      autorisation_sms: false,
    })
  })

  it('send only the filled fields on creation, and map server paths to inputs', () => {
    expect(
      filledValues(AUTHORIZED_PERSON_FIELDS, { nom: 'X', prenom: null, telephone: '', can: undefined }),
    ).toEqual({ nom: 'X' })
    expect(formPath('patch.mobile')).toBe('mobile')
    expect(formPath('values.nom')).toBe('nom')
    expect(formPath('familyId')).toBe('familyId')
  })
})
