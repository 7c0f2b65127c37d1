import { describe, expect, it } from 'vitest'
import { CHILD_FIELDS, VACCINATION_FIELDS } from '../../src-shared/fields/index'
import { dayInFrance } from '../../src-shared/format/date'
import { formatIssues } from '../../src-shared/validation/format-issues'
import { phone } from '../../src-shared/validation/values'

// biome-ignore lint/suspicious/noExplicitAny: any field schema
const messages = (schema: any, value: unknown): string[] => {
  const result = schema.safeParse(value)
  return result.success ? [] : formatIssues(result.error, schema).map((p) => p.message)
}

const field = (fields: typeof CHILD_FIELDS, key: string) => fields.find((f) => f.key === key)!.schema

describe('phone numbers refused for the real reason (issue 10 point 7)', () => {
  const mobile = phone('Mobile')
  it('says that no French number starts with 07 07, instead of the shape it has', () => {
    expect(messages(mobile, '07 07 07 07 07')).toEqual([
      'Mobile : numéro inexistant : aucun numéro français ne commence par 07 07 (vérifiez-le)',
    ])
    expect(messages(mobile, '+33 7 07 07 07 07')).toEqual([
      'Mobile : numéro inexistant : aucun numéro français ne commence par 07 07 (vérifiez-le)',
    ])
  })
  it('keeps the shape message for a number of the wrong shape', () => {
    expect(messages(mobile, '06 12')).toEqual([
      'Mobile : numéro invalide (10 chiffres commençant par 0, ou +33…)',
    ])
    expect(messages(mobile, '06 12 34 56 78 9')).toEqual([
      'Mobile : numéro invalide (10 chiffres commençant par 0, ou +33…)',
    ])
  })
  it('names the country code of a foreign number', () => {
    expect(messages(mobile, '+41 79 12')).toEqual(['Mobile : numéro trop court pour l’indicatif +41'])
    expect(messages(mobile, '+999 123 456 789')).toEqual(['Mobile : indicatif de pays inconnu (+999…)'])
    expect(mobile.parse('+41 79 123 45 67')).toBe('+41791234567')
    expect(mobile.parse('07 81 23 45 67')).toBe('0781234567')
  })
})

describe('days that cannot be in the future (issue 10 point 6)', () => {
  const tomorrow = new Date(Date.now() + 36 * 3600 * 1000)
  const [y, m, d] = dayInFrance(tomorrow).split('-')
  const later = `${d}/${m}/${y}`
  it('refuses a health form filled in, a birth or a vaccination after today', () => {
    expect(messages(field(CHILD_FIELDS, 'fiche_sanitaire_le'), '15/01/2030')).toEqual([
      'Fiche sanitaire remplie le : ne peut pas être après aujourd’hui',
    ])
    expect(messages(field(CHILD_FIELDS, 'date_de_naissance'), later)).toEqual([
      'Date de naissance : ne peut pas être après aujourd’hui',
    ])
    expect(messages(field(VACCINATION_FIELDS, 'date'), '2030-01-01')).toEqual([
      'Date : une vaccination ne peut pas être datée dans le futur',
    ])
  })
  it('accepts today and the past, and still says "date invalide" for an impossible day', () => {
    const today = dayInFrance(new Date())
    expect(field(CHILD_FIELDS, 'fiche_sanitaire_le').parse(today)).toBe(today)
    expect(field(CHILD_FIELDS, 'date_de_naissance').parse('04/05/2019')).toBe('2019-05-04')
    expect(field(CHILD_FIELDS, 'date_de_naissance').parse('')).toBeNull()
    expect(messages(field(CHILD_FIELDS, 'date_de_naissance'), '31/02/2026')[0]).toMatch(
      /^Date de naissance : date invalide/,
    )
    // A day that can be later stays allowed.
    expect(field(CHILD_FIELDS, 'pai_valable_jusqu_au').parse('30/06/2030')).toBe('2030-06-30')
  })
})

describe('identifiers (issue 10 point 11)', () => {
  it('say « obligatoire » when left empty, « identifiant invalide » when not digits', async () => {
    const { identifier } = await import('../../src-shared/validation/values')
    const family = identifier('N° famille')
    expect(messages(family, '')).toEqual(['N° famille : obligatoire'])
    expect(messages(family, '38330A')).toEqual(['N° famille : identifiant invalide (chiffres uniquement)'])
    expect(family.parse(' 383304832264 ')).toBe('383304832264')
  })
})
