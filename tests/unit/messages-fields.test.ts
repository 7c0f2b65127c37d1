import { describe, expect, it } from 'vitest'
import { deliveryOf } from '../../src-main/backend/messages/delivery'
import type { FieldValues } from '../../src-main/backend/messages/placeholders'
import { checkFields, fillFields, usesChildFields } from '../../src-main/backend/messages/placeholders'
import { TEMPLATE_FIELDS } from '../../src-shared/contract/messages'

// Template fields and the delivery rule of docs/messages.md.

const values = Object.fromEntries(TEMPLATE_FIELDS.map((f) => [f.key, `<${f.key}>`])) as FieldValues

describe('template fields', () => {
  it('fills every documented field, spaces inside the braces allowed', () => {
    const text = TEMPLATE_FIELDS.map((f) => `{{ ${f.key} }}`).join('|')
    expect(fillFields(text, values)).toBe(TEMPLATE_FIELDS.map((f) => `<${f.key}>`).join('|'))
  })

  it('refuses an unknown field or a brace left open, naming the field of the form', () => {
    expect(() => checkFields('Bonjour {{famille.adresse}}', 'body', 'Texte')).toThrow(
      'Texte : champ inconnu {{famille.adresse}}',
    )
    expect(() => checkFields('Bonjour {{famille.nom}', 'subject', 'Objet')).toThrow('Objet : accolades')
    expect(() => checkFields('Bonjour {{famille.nom}}', 'body', 'Texte')).not.toThrow()
  })

  it('makes one message per child only when a child field is used', () => {
    expect(usesChildFields('{{responsable.appel}}', 'Bonjour')).toBe(false)
    expect(usesChildFields('Objet', 'Le dossier de {{enfant.prenom}}')).toBe(true)
  })
})

describe('delivery', () => {
  const g = (over: object) => ({
    role: 'responsable' as const,
    email: null,
    mobile_phone: null,
    consent_email: 0,
    consent_sms: 0,
    ...over,
  })

  it('a family without e-mail nor portal request gets a letter', () => {
    expect(deliveryOf([g({ mobile_phone: '0612345678', consent_sms: 1 })])).toEqual({
      channel: 'courrier',
      notifyEmail: null,
      notifySms: '0612345678',
    })
    expect(deliveryOf([g({})], true).channel).toBe('portail')
  })

  it('notifies only where a guardian agreed (Autorisation courriel / SMS), the responsable first', () => {
    const family = [
      g({
        role: 'conjoint',
        email: 'b@exemple.fr',
        consent_email: 1,
        mobile_phone: '0700000000',
        consent_sms: 1,
      }),
      g({ email: 'a@exemple.fr', consent_email: 1, mobile_phone: '0600000000', consent_sms: 0 }),
    ]
    expect(deliveryOf(family)).toEqual({
      channel: 'portail',
      notifyEmail: 'a@exemple.fr',
      notifySms: '0700000000',
    })
    expect(deliveryOf([g({ email: 'a@exemple.fr' })])).toEqual({
      channel: 'portail',
      notifyEmail: null,
      notifySms: null,
    })
  })
})
