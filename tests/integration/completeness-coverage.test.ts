import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { refreshUnknownCoverage } from '../../src-main/backend/completeness/coverage'
import type { Session } from '../../src-main/backend/context'
import { inTransaction } from '../../src-main/backend/db/transaction'
import type { ChildFile } from '../../src-shared/contract/children'
import type {
  ChildChecklist,
  CompletenessCounts,
  CompletenessRow,
} from '../../src-shared/contract/completeness'
import type { FamilyFile } from '../../src-shared/contract/families'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { createFamilyWithChild } from '../helpers/families'

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
const incomplete = () =>
  backend.call<{ rows: CompletenessRow[]; total: number }>(
    'completeness/list',
    { state: 'incomplete' },
    admin,
  )
const checklist = () => backend.call<ChildChecklist>('completeness/checklist', { childId: child.id }, admin)
const file = () => backend.call<ChildFile>('children/get', { id: child.id }, admin)
const personsItem = async () => (await checklist()).items.find((i) => i.key === 'authorized_person')
const coverage = () =>
  backend.services.db
    .selectFrom('children')
    .select(['file_gaps', 'vaccines_covered_on'])
    .where('id', '=', child.id)
    .executeTakeFirstOrThrow()

async function completeFile() {
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
    { childId: child.id, values: { nom: 'PLRI', prenom: 'TEST', lien_de_parente: 'Grand père' } },
    admin,
  )
  await backend.call(
    'authorizedPersons/add',
    {
      childId: child.id,
      values: { nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'voisin', interdit_de_recuperer: true },
    },
    admin,
  )
  const current = await file()
  await backend.call(
    'children/update',
    {
      id: child.id,
      version: current.version,
      patch: { date_de_naissance: '2019-05-04', fiche_sanitaire_le: '2026-09-01' },
    },
    admin,
  )
  for (const vaccin of ['Infanrix Hexa', 'Prevenar 13', 'Neisvac C', 'Priorix'])
    await backend.call(
      'vaccinations/add',
      { childId: child.id, values: { vaccin, date: '2020-03-01' } },
      admin,
    )
}

describe('a person forbidden to pick the child up (issue 10, point 1)', () => {
  it('never counts as authorised', async () => {
    await backend.call(
      'authorizedPersons/add',
      {
        childId: child.id,
        values: { nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'voisin', interdit_de_recuperer: true },
      },
      admin,
    )
    const item = await personsItem()
    expect(item?.ok).toBe(false)
    expect(item?.detail).toBe(
      'Aucune personne autorisée à venir chercher l’enfant. 1 personne interdite de récupérer l’enfant (ne compte pas).',
    )
    expect((await incomplete()).rows[0].missing).toContain('authorized_person')
  })

  it('a validated file whose last allowed person is deleted says at once that it is no longer complete', async () => {
    await completeFile()
    expect((await personsItem())?.detail).toBe(
      '1 personne autorisée à venir chercher l’enfant. 1 personne interdite de récupérer l’enfant (ne compte pas).',
    )
    const current = await file()
    await backend.call('completeness/validate', { childId: child.id, version: current.version }, admin)
    expect(await counts()).toEqual({ incomplete: 0, toValidate: 0, lapsed: 0 })
    expect((await file()).fileComplete).toBe(true)

    const plri = (await file()).authorizedPersons.find((p) => p.values.nom === 'PLRI')!
    await backend.call('authorizedPersons/delete', { id: plri.id, version: plri.version }, admin)
    const after = await file()
    expect(after.validatedAt).not.toBeNull()
    expect(after.fileComplete).toBe(false)
    expect((await checklist()).complete).toBe(false)
    expect(await counts()).toEqual({ incomplete: 1, toValidate: 0, lapsed: 1 })
    const list = await incomplete()
    expect(list.rows.map((r) => [r.childId, r.missing, r.validatedAt !== null])).toEqual([
      [child.id, ['authorized_person'], true],
    ])
    const families = await backend.call<FamilyFile>('families/get', { id: family.id }, admin)
    expect(families.children.map((c) => [c.id, c.fileComplete])).toEqual([[child.id, false]])
  })

  it('a PAI that expires lapses a validated file on the day, with no write', async () => {
    await completeFile()
    const current = await file()
    await backend.call(
      'children/update',
      { id: child.id, version: current.version, patch: { pai: true, pai_valable_jusqu_au: '2026-11-30' } },
      admin,
    )
    const now = await file()
    await backend.call('completeness/validate', { childId: child.id, version: now.version }, admin)
    expect(await counts()).toEqual({ incomplete: 0, toValidate: 0, lapsed: 0 })
    backend.clock.advance(4 * 86_400_000)
    expect(await counts()).toEqual({ incomplete: 1, toValidate: 0, lapsed: 1 })
    expect((await file()).fileComplete).toBe(false)
  })
})

describe('each child’s coverage, kept on its row (issue 9, point 19)', () => {
  it('follows every change the services make, in the same transaction', async () => {
    expect(await coverage()).toEqual({ file_gaps: 1 + 2 + 4, vaccines_covered_on: null })
    await completeFile()
    expect(await coverage()).toEqual({ file_gaps: 0, vaccines_covered_on: '2020-03-01' })
    const priorix = (await file()).health!.vaccinations.find((v) => v.values.vaccin === 'Priorix')!
    await backend.call(
      'vaccinations/update',
      { id: priorix.id, version: priorix.version, patch: { vaccin: 'Vaxigrip' } },
      admin,
    )
    expect(await coverage()).toEqual({ file_gaps: 0, vaccines_covered_on: null })
    const responsable = (await backend.call<FamilyFile>('families/get', { id: family.id }, admin))
      .responsable!
    await backend.call(
      'families/saveGuardian',
      { familyId: family.id, role: 'responsable', version: responsable.version, patch: { email: null } },
      admin,
    )
    expect((await coverage()).file_gaps).toBe(1)
  })

  it('forgets it when the responsable’s e-mail comes or goes, not when one address replaces another', async () => {
    await completeFile()
    const { db } = backend.services
    const setEmail = (email: string | null) =>
      db
        .updateTable('guardians')
        .set({ email })
        .where('family_id', '=', family.id)
        .where('role', '=', 'responsable')
        .execute()
    await setEmail('autre@exemple.fr')
    expect((await coverage()).file_gaps).toBe(0)
    await setEmail('')
    expect((await coverage()).file_gaps).toBeNull()
    expect(await counts()).toEqual({ incomplete: 1, toValidate: 0, lapsed: 0 })
    expect((await coverage()).file_gaps).toBe(1)
    await setEmail('retour@exemple.fr')
    expect((await coverage()).file_gaps).toBeNull()
    expect(await counts()).toEqual({ incomplete: 0, toValidate: 1, lapsed: 0 })
  })

  it('a writer outside the services makes it unknown; the counts are still right and fill it again', async () => {
    await completeFile()
    const { db } = backend.services
    // As the CSV import does: plain SQL on the tables.
    await db
      .deleteFrom('authorized_persons')
      .where('child_id', '=', child.id)
      .where('last_name', '=', 'PLRI')
      .execute()
    expect((await coverage()).file_gaps).toBeNull()
    expect(await counts()).toEqual({ incomplete: 1, toValidate: 0, lapsed: 0 })
    expect((await coverage()).file_gaps).toBe(2)
    await db.deleteFrom('vaccinations').where('child_id', '=', child.id).execute()
    expect(await coverage()).toEqual({ file_gaps: null, vaccines_covered_on: '2020-03-01' })
    const list = await incomplete()
    expect(list.rows[0].missing).toEqual(['authorized_person', 'vaccinations'])
    expect(await coverage()).toEqual({ file_gaps: 2, vaccines_covered_on: null })
    // A bulk writer can fill it at the end of its own transaction.
    await db
      .updateTable('children')
      .set({ health_form_completed_on: null })
      .where('id', '=', child.id)
      .execute()
    expect(await inTransaction(db, (trx) => refreshUnknownCoverage(trx))).toBe(1)
    expect(await coverage()).toEqual({ file_gaps: 2 + 4, vaccines_covered_on: null })
  })
})
