import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { AuditEntryView } from '../../src-shared/contract/audit'
import type { ChildFile } from '../../src-shared/contract/children'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { createFamilyWithChild } from '../helpers/families'

let backend: TestBackend
let admin: Session
let child: ChildFile
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  ;({ child } = await createFamilyWithChild(backend, admin))
})
afterEach(async () => backend.dispose())

const history = async () =>
  (await backend.call<AuditEntryView[]>('audit/list', { childId: child.id }, admin)).map(
    (e) => `${e.actionLabel} · ${e.entityLabel}`,
  )

describe('the history of a child’s records (issue 10, point 13)', () => {
  it('names the authorised person, the condition or the vaccination an entry is about, even once deleted', async () => {
    for (const nom of ['VOISNE', 'PLRI'])
      await backend.call(
        'authorizedPersons/add',
        { childId: child.id, values: { nom, prenom: 'TEST', lien_de_parente: 'voisin' } },
        admin,
      )
    let file = await backend.call<ChildFile>('children/get', { id: child.id }, admin)
    const voisne = file.authorizedPersons.find((p) => p.values.nom === 'VOISNE')!
    await backend.call(
      'authorizedPersons/update',
      { id: voisne.id, version: voisne.version, patch: { mobile: '07 81 23 45 67' } },
      admin,
    )
    await backend.call(
      'healthConditions/add',
      { childId: child.id, values: { type: 'maladie', libelle: 'Asthme' } },
      admin,
    )
    await backend.call(
      'vaccinations/add',
      { childId: child.id, values: { vaccin: 'Pentacoq', date: '2020-03-01' } },
      admin,
    )
    file = await backend.call<ChildFile>('children/get', { id: child.id }, admin)
    const changed = file.authorizedPersons.find((p) => p.values.nom === 'VOISNE')!
    await backend.call('authorizedPersons/delete', { id: changed.id, version: changed.version }, admin)

    const entries = await history()
    expect(entries).toContain('Modification · Personne autorisée VOISNE TEST')
    expect(entries).toContain('Suppression · Personne autorisée VOISNE TEST')
    expect(entries).toContain('Création · Personne autorisée PLRI TEST')
    expect(entries).toContain('Création · Donnée de santé « Asthme »')
    expect(entries).toContain('Création · Vaccination Pentacoq du 01/03/2020')
  })
})
