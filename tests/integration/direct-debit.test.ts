import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { FamilyFile } from '../../src-shared/contract/families'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { createFamilyWithChild } from '../helpers/families'

let backend: TestBackend
let admin: Session
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
})
afterEach(async () => backend.dispose())

describe('Prélèvement : Oui (issue 10 point 8)', () => {
  it('is refused without the SEPA mandate, naming each missing field', async () => {
    const { family } = await createFamilyWithChild(backend, admin)
    const envelope = await backend.dispatch(
      'families/update',
      {
        id: family.id,
        version: family.version,
        patch: { prelevement: true, iban: 'FR7630006000011234567890189' },
      },
      admin,
    )
    if (envelope.ok) throw new Error('a direct debit without its mandate was saved')
    expect(envelope.error.message).toBe(
      'Prélèvement : « Oui » demande aussi Titulaire du compte, BIC, RUM, Date du mandat (mandat SEPA).',
    )
    expect(envelope.error.fields?.map((f) => [f.path, f.message])).toEqual([
      ['patch.titulaire_du_compte', 'Titulaire du compte : obligatoire pour le prélèvement'],
      ['patch.bic', 'BIC : obligatoire pour le prélèvement'],
      ['patch.rum', 'RUM : obligatoire pour le prélèvement'],
      ['patch.date_du_mandat', 'Date du mandat : obligatoire pour le prélèvement'],
    ])
    const after = await backend.call<FamilyFile>('families/get', { id: family.id }, admin)
    expect(after.values.prelevement).toBe(false)
  })

  it('is saved with the whole mandate, and emptying a part of it later is refused', async () => {
    const { family } = await createFamilyWithChild(backend, admin)
    const saved = await backend.call<FamilyFile>(
      'families/update',
      {
        id: family.id,
        version: family.version,
        patch: {
          prelevement: true,
          titulaire_du_compte: 'M. TEST',
          iban: 'FR7630006000011234567890189',
          bic: 'AGRIFRPP881',
          rum: 'RUM-0001',
          date_du_mandat: '03/07/2017',
        },
      },
      admin,
    )
    expect(saved.values.prelevement).toBe(true)
    const emptied = await backend.dispatch(
      'families/update',
      { id: family.id, version: saved.version, patch: { rum: '' } },
      admin,
    )
    expect(emptied.ok ? null : emptied.error.fields?.map((f) => f.path)).toEqual(['patch.rum'])
    // Other fields of the family are saved as before.
    const caf = await backend.dispatch(
      'families/update',
      { id: family.id, version: saved.version, patch: { n_allocataire: '1234567' } },
      admin,
    )
    expect(caf.ok).toBe(true)
  })
})
