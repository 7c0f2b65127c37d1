import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { FamilyFile } from '../../src-shared/contract/families'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { auditRows, createFamilyWithChild } from '../helpers/families'

let backend: TestBackend
let admin: Session
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
})
afterEach(async () => backend.dispose())

const refusal = async (channel: string, input: unknown, session = admin) => {
  const envelope = await backend.dispatch(channel, input, session)
  if (envelope.ok) throw new Error(`expected ${channel} to be refused`)
  return envelope.error
}

describe('family files', () => {
  it('create a family with its responsable, stored in canonical form', async () => {
    const created = await createFamilyWithChild(backend, admin)
    const family = await backend.call<FamilyFile>('families/get', { id: created.family.id }, admin)
    expect(family.number).toBe('383304832264')
    expect(family.responsable?.values).toMatchObject({
      civilite: 'monsieur',
      nom: 'TEST',
      code_postal: '38330',
      autorisation_courriel: false,
    })
    expect(family.children.map((c) => c.identifier)).toEqual(['383306398666'])
    const entry = (await auditRows(backend, "action = 'guardian.create'"))[0]
    expect(entry.family_id).toBe(family.id)
    expect(entry.actor).toBe('Camille Admin')
  })

  it('save the responsable: normalised values, one audit entry with before and after, version bumped', async () => {
    const { family } = await createFamilyWithChild(backend, admin)
    const saved = await backend.call<FamilyFile>(
      'families/saveGuardian',
      {
        familyId: family.id,
        role: 'responsable',
        version: family.responsable!.version,
        patch: { mobile: '06 12 34 56 78', email: ' Adresse@CI.com ', autorisation_sms: 'Oui' },
      },
      admin,
    )
    expect(saved.responsable?.values).toMatchObject({
      mobile: '0612345678',
      email: 'adresse@ci.com',
      autorisation_sms: true,
    })
    expect(saved.responsable?.version).toBe(family.responsable!.version + 1)
    const entry = (await auditRows(backend, "action = 'guardian.update'"))[0]
    expect(JSON.parse(entry.changes!)).toEqual([
      { field: 'mobile', label: 'Mobile', before: null, after: '0612345678' },
      { field: 'email', label: 'Email', before: null, after: 'adresse@ci.com' },
      { field: 'autorisation_sms', label: 'Autorisation SMS', before: false, after: true },
    ])
  })

  it('refuse invalid fields with French messages naming them, saving none of them', async () => {
    const { family } = await createFamilyWithChild(backend, admin)
    const error = await refusal('families/saveGuardian', {
      familyId: family.id,
      role: 'responsable',
      version: family.responsable!.version,
      patch: {
        mobile: '12 34',
        email: 'pas-un-email',
        code_postal: '3833',
        adresse: 'x'.repeat(39),
        ville: 'GRENOBLE',
      },
    })
    expect(error.code).toBe('VALIDATION')
    const messages = error.fields!.map((f) => f.message)
    expect(messages).toContain('Mobile : numéro invalide (10 chiffres commençant par 0, ou +33…)')
    expect(messages).toContain('Email : adresse e-mail invalide')
    expect(messages).toContain('Code postal : code postal invalide (5 chiffres)')
    expect(messages).toContain('Adresse : au plus 38 caractères')
    const after = await backend.call<FamilyFile>('families/get', { id: family.id }, admin)
    expect(after.responsable?.values.ville).toBe('BIVIERS')
    expect(await auditRows(backend, "action = 'guardian.update'")).toHaveLength(0)
  })

  it('refuse the second of two concurrent edits, saying what changed in between', async () => {
    const { family } = await createFamilyWithChild(backend, admin)
    const seen = family.responsable!.version
    await backend.call(
      'families/saveGuardian',
      { familyId: family.id, role: 'responsable', version: seen, patch: { mobile: '0611111111' } },
      admin,
    )
    const error = await refusal('families/saveGuardian', {
      familyId: family.id,
      role: 'responsable',
      version: seen,
      patch: { mobile: '0622222222' },
    })
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain('Mobile : (vide) → 0611111111 (Camille Admin')
    const after = await backend.call<FamilyFile>('families/get', { id: family.id }, admin)
    expect(after.responsable?.values.mobile).toBe('0611111111')
  })

  it('add a conjoint when the family has none, and remove it', async () => {
    const { family } = await createFamilyWithChild(backend, admin)
    expect(family.conjoint).toBeNull()
    const missingName = await refusal('families/saveGuardian', {
      familyId: family.id,
      role: 'conjoint',
      version: null,
      patch: { prenom: 'TEST' },
    })
    expect(missingName.message).toBe('Nom : obligatoire pour créer le conjoint')
    const withConjoint = await backend.call<FamilyFile>(
      'families/saveGuardian',
      { familyId: family.id, role: 'conjoint', version: null, patch: { nom: 'MME TEST', prenom: 'TEST' } },
      admin,
    )
    expect(withConjoint.conjoint?.values.nom).toBe('MME TEST')
    const removed = await backend.call<FamilyFile>(
      'families/removeConjoint',
      { familyId: family.id, version: withConjoint.conjoint!.version },
      admin,
    )
    expect(removed.conjoint).toBeNull()
    expect(await auditRows(backend, "action = 'guardian.delete'")).toHaveLength(1)
  })

  it('keep the history of the quotient familial', async () => {
    const { family } = await createFamilyWithChild(backend, admin)
    await backend.call('families/setQuotient', { familyId: family.id, qf: 650, qf_du: '01/01/2026' }, admin)
    const file = await backend.call<FamilyFile>(
      'families/setQuotient',
      { familyId: family.id, qf: 720, qf_du: '2026-09-01' },
      admin,
    )
    expect(file.quotients).toEqual([
      expect.objectContaining({ qf: 650, validFrom: '2026-01-01', validTo: '2026-08-31' }),
      expect.objectContaining({ qf: 720, validFrom: '2026-09-01', validTo: null }),
    ])
    expect(file.currentQuotient?.qf).toBe(720)
    expect(
      (await refusal('families/setQuotient', { familyId: family.id, qf: 'beaucoup', qf_du: '' })).code,
    ).toBe('VALIDATION')
  })

  it('check bank details: a wrong IBAN key is refused, a right one stored compact', async () => {
    const { family } = await createFamilyWithChild(backend, admin)
    const bad = await refusal('families/update', {
      id: family.id,
      version: family.version,
      patch: { iban: 'FR76 3000 6000 0112 3456 7890 188' },
    })
    expect(bad.message).toBe('IBAN : IBAN invalide (vérifiez les chiffres et la clé)')
    const file = await backend.call<FamilyFile>(
      'families/update',
      {
        id: family.id,
        version: family.version,
        patch: {
          iban: 'FR76 3000 6000 0112 3456 7890 189',
          bic: 'agrifrpp881',
          prelevement: true,
          // A direct debit needs the whole SEPA mandate (tests/integration/direct-debit.test.ts).
          titulaire_du_compte: 'M. TEST',
          rum: 'RUM-0001',
          date_du_mandat: '03/07/2017',
        },
      },
      admin,
    )
    expect(file.values).toMatchObject({
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP881',
      prelevement: true,
    })
  })

  it('refuse a N° famille already taken, and number new families when none is given', async () => {
    await createFamilyWithChild(backend, admin)
    const taken = await refusal('families/create', { number: '383304832264', responsable: { nom: 'AUTRE' } })
    expect(taken.message).toContain('déjà celui d’une autre famille')
    const next = await backend.call<FamilyFile>('families/create', { responsable: { nom: 'NOUVEAU' } }, admin)
    expect(next.number).toBe('383304832265')
  })
})
