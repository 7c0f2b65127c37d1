import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { ChildFile } from '../../src-shared/contract/children'
import type { ChildChecklist, CompletenessCounts } from '../../src-shared/contract/completeness'
import type { FamilyFile } from '../../src-shared/contract/families'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { auditRows, createFamilyWithChild, signedInAs } from '../helpers/families'

let backend: TestBackend
let admin: Session
let family: FamilyFile
let child: ChildFile
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  ;({ family, child } = await createFamilyWithChild(backend, admin))
})
afterEach(async () => backend.dispose())

const counts = () => backend.call<CompletenessCounts>('completeness/counts', {}, admin)
const checklist = (session = admin, id = child.id) =>
  backend.call<ChildChecklist>('completeness/checklist', { childId: id }, session)
const item = (list: ChildChecklist, key: string) => list.items.find((i) => i.key === key)!
const updateChild = async (patch: Record<string, unknown>) => {
  const current = await backend.call<ChildFile>('children/get', { id: child.id }, admin)
  return backend.call<ChildFile>('children/update', { id: child.id, version: current.version, patch }, admin)
}
const vaccinate = (vaccin: string, date = '2020-03-01') =>
  backend.call('vaccinations/add', { childId: child.id, values: { vaccin, date } }, admin)

/** Everything but the vaccinations: e-mail, an authorised person, the health form. */
async function fillAdministrativeItems() {
  await backend.call(
    'families/saveGuardian',
    {
      familyId: family.id,
      role: 'responsable',
      version: family.responsable!.version,
      patch: { email: 'a@b.fr' },
    },
    admin,
  )
  await backend.call(
    'authorizedPersons/add',
    { childId: child.id, values: { nom: 'VOISNE', lien_de_parente: 'voisin' } },
    admin,
  )
  await updateChild({ date_de_naissance: '2019-05-04', fiche_sanitaire_le: '2026-09-01' })
}

describe('completeness of a child’s file', () => {
  it('lists what a new file misses, and counts it as incomplete', async () => {
    const list = await checklist()
    expect(list.complete).toBe(false)
    expect(list.items.map((i) => [i.key, i.ok])).toEqual([
      ['email', false],
      ['authorized_person', false],
      ['vaccinations', false],
      ['health_form', false],
      ['pai', true],
    ])
    expect(item(list, 'vaccinations').detail).toMatch(
      /^Manque : Diphtérie, Tétanos, Poliomyélite, Coqueluche/,
    )
    expect(await counts()).toEqual({ incomplete: 1, toValidate: 0, lapsed: 0 })
  })

  it('is complete with the 11 vaccinations, then validated with who and when, audited', async () => {
    await fillAdministrativeItems()
    for (const vaccine of ['Infanrix Hexa', 'Prevenar 13', 'Neisvac C']) await vaccinate(vaccine)
    expect(item(await checklist(), 'vaccinations').ok).toBe(false)
    expect(await counts()).toEqual({ incomplete: 1, toValidate: 0, lapsed: 0 })
    await vaccinate('Priorix')
    const list = await checklist()
    expect(list.complete).toBe(true)
    expect(item(list, 'vaccinations').detail).toBe('Toutes les vaccinations obligatoires sont faites.')
    expect(await counts()).toEqual({ incomplete: 0, toValidate: 1, lapsed: 0 })

    const current = await backend.call<ChildFile>('children/get', { id: child.id }, admin)
    const validated = await backend.call<ChildChecklist>(
      'completeness/validate',
      { childId: child.id, version: current.version },
      admin,
    )
    expect(validated).toMatchObject({ validatedAt: '2026-11-27T09:00:00.000Z', validatedBy: 'Camille Admin' })
    expect(await counts()).toEqual({ incomplete: 0, toValidate: 0, lapsed: 0 })
    const [entry] = await auditRows(backend, "action = 'child.validate'")
    expect(entry).toMatchObject({ child_id: child.id, family_id: family.id, actor: 'Camille Admin' })
  })

  it('asks only for DTP before 2018, and ignores vaccinations dated after today', async () => {
    await fillAdministrativeItems()
    await updateChild({ date_de_naissance: '2016-02-01' })
    expect((await checklist()).complete).toBe(false)
    await vaccinate('Pentacoq', '2016-06-01')
    await vaccinate('Vaccin du voyage', '2016-07-01')
    const list = await checklist()
    expect(list.complete).toBe(true)
    expect(item(list, 'vaccinations').detail).toBe(
      'Toutes les vaccinations obligatoires sont faites. Vaccin hors catalogue, à vérifier sur le carnet : Vaccin du voyage.',
    )
    await updateChild({ date_de_naissance: '2018-01-01' })
    expect(item(await checklist(), 'vaccinations').ok).toBe(false)
  })

  it('accepts missing vaccinations while the 3-month provisional admission runs', async () => {
    await fillAdministrativeItems()
    await updateChild({ admission_provisoire_le: '2026-09-15' })
    let list = await checklist()
    expect(item(list, 'vaccinations')).toMatchObject({ ok: true })
    expect(item(list, 'vaccinations').detail).toContain('à rattraper avant le 15/12/2026 (18 jours)')
    await updateChild({ admission_provisoire_le: '2026-08-27' })
    list = await checklist()
    expect(item(list, 'vaccinations')).toMatchObject({ ok: true })
    await updateChild({ admission_provisoire_le: '2026-08-26' })
    list = await checklist()
    expect(item(list, 'vaccinations').ok).toBe(false)
    expect(item(list, 'vaccinations').detail).toContain('a expiré le 26/11/2026')
  })

  it('wants a valid PAI where there is one, and warns before it expires', async () => {
    await updateChild({ pai: true })
    expect(item(await checklist(), 'pai')).toMatchObject({ ok: false, detail: 'PAI sans date de validité.' })
    await updateChild({ pai_valable_jusqu_au: '2026-11-26' })
    expect(item(await checklist(), 'pai')).toMatchObject({ ok: false, detail: 'PAI expiré le 26/11/2026.' })
    await updateChild({ pai_valable_jusqu_au: '2026-12-07' })
    expect(item(await checklist(), 'pai')).toMatchObject({
      ok: true,
      detail: 'Valable jusqu’au 07/12/2026 : expire dans 10 jours, demandez le nouveau PAI.',
    })
  })

  it('refuses to validate an incomplete or stale file, writing nothing', async () => {
    const refused = await backend.dispatch('completeness/validate', { childId: child.id, version: 1 }, admin)
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'Le dossier est incomplet : E-mail du responsable, Au moins une personne autorisée, Vaccinations obligatoires, Fiche sanitaire remplie.',
      },
    })
    await fillAdministrativeItems()
    await updateChild({ admission_provisoire_le: '2026-11-01' })
    const stale = await backend.dispatch('completeness/validate', { childId: child.id, version: 1 }, admin)
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await auditRows(backend, "action = 'child.validate'")).toEqual([])
    expect((await checklist()).validatedAt).toBeNull()
  })

  it('gives a role without health access the items but not the health details', async () => {
    const agent = await signedInAs(backend, admin, 'agent')
    const list = await checklist(agent)
    expect(list.items.map((i) => i.ok)).toEqual([false, false, false, false, true])
    expect(item(list, 'vaccinations').detail).toBeNull()
    expect(item(list, 'pai').detail).toBeNull()
    expect(item(list, 'authorized_person').detail).toBe(
      'Aucune personne autorisée à venir chercher l’enfant.',
    )
  })

  it('lists incomplete files by name, a page at a time, leaving out children who left', async () => {
    for (const [nom, prenom] of [
      ['ARNAUD', 'Élise'],
      ['ZOLA', 'Émile'],
      ['BERTIN', 'Luc'],
    ])
      await backend.call('children/create', { familyId: family.id, values: { nom, prenom } }, admin)
    await updateChild({ date_de_naissance: '2019-01-01' })
    const first = await backend.call<{ rows: { lastName: string; missing: string[] }[]; total: number }>(
      'completeness/list',
      { limit: 2 },
      admin,
    )
    expect(first.total).toBe(4)
    expect(first.rows.map((r) => r.lastName)).toEqual(['ARNAUD', 'BERTIN'])
    expect(first.rows[0].missing).toEqual(['email', 'authorized_person', 'vaccinations', 'health_form'])
    const second = await backend.call<typeof first>('completeness/list', { limit: 2, offset: 2 }, admin)
    expect(second.rows.map((r) => r.lastName)).toEqual(['TEST', 'ZOLA'])
    await backend.services.db
      .updateTable('children')
      .set({ left_on: '2026-07-04' })
      .where('last_name', '=', 'ZOLA')
      .execute()
    expect((await counts()).incomplete).toBe(3)
  })
})
