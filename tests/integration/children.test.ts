import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { AuditEntryView } from '../../src-shared/contract/audit'
import type { ChildFile } from '../../src-shared/contract/children'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { auditRows, createFamilyWithChild, signedInAs } from '../helpers/families'

let backend: TestBackend
let admin: Session
let child: ChildFile
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  child = (await createFamilyWithChild(backend, admin)).child
})
afterEach(async () => backend.dispose())

const refusal = async (channel: string, input: unknown, session = admin) => {
  const envelope = await backend.dispatch(channel, input, session)
  if (envelope.ok) throw new Error(`expected ${channel} to be refused`)
  return envelope.error
}

describe('authorised persons', () => {
  it('add, change phones, delete, each with its audit entry', async () => {
    let file = await backend.call<ChildFile>(
      'authorizedPersons/add',
      {
        childId: child.id,
        values: { nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'Voisin(e)', telephone: '06 12 34 56 78' },
      },
      admin,
    )
    const person = file.authorizedPersons[0]
    expect(person.values).toMatchObject({
      nom: 'VOISNE',
      lien_de_parente: 'voisin',
      telephone: '0612345678',
      peut_recuperer_l_enfant: true,
      interdit_de_recuperer: false,
    })
    file = await backend.call<ChildFile>(
      'authorizedPersons/update',
      { id: person.id, version: person.version, patch: { mobile: '+33 7 81 23 45 67' } },
      admin,
    )
    expect(file.authorizedPersons[0].values.mobile).toBe('0781234567')
    file = await backend.call<ChildFile>(
      'authorizedPersons/delete',
      { id: person.id, version: file.authorizedPersons[0].version },
      admin,
    )
    expect(file.authorizedPersons).toEqual([])
    const actions = (await auditRows(backend, "entity_type = 'authorized_person'")).map((r) => [
      r.action,
      r.child_id,
    ])
    expect(actions).toEqual([
      ['authorized_person.create', child.id],
      ['authorized_person.update', child.id],
      ['authorized_person.delete', child.id],
    ])
  })

  it('accept the portal’s spelling of relationships and refuse unknown ones', async () => {
    const file = await backend.call<ChildFile>(
      'authorizedPersons/add',
      {
        childId: child.id,
        values: { nom: 'PLRI', prenom: 'TEST', lien_de_parente: 'Grand père', telephone: '0606060606' },
      },
      admin,
    )
    expect(file.authorizedPersons[0].values.lien_de_parente).toBe('grand_pere')
    const error = await refusal('authorizedPersons/add', {
      childId: child.id,
      values: { nom: 'X', lien_de_parente: 'chauffeur' },
    })
    expect(error.message).toMatch(/^Lien de parenté : valeur non reconnue/)
  })

  it('refuse a duplicate person and contradictory pick-up flags', async () => {
    await backend.call(
      'authorizedPersons/add',
      { childId: child.id, values: { nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'voisin' } },
      admin,
    )
    expect(
      (
        await refusal('authorizedPersons/add', {
          childId: child.id,
          values: { nom: 'voisne', prenom: 'test', lien_de_parente: 'ami' },
        })
      ).message,
    ).toContain('figure déjà')
    const both = await refusal('authorizedPersons/add', {
      childId: child.id,
      values: {
        nom: 'DUPONT',
        lien_de_parente: 'pere',
        peut_recuperer_l_enfant: true,
        interdit_de_recuperer: true,
      },
    })
    expect(both.message).toContain('incompatible')
    const forbidden = await backend.call<ChildFile>(
      'authorizedPersons/add',
      { childId: child.id, values: { nom: 'DUPONT', lien_de_parente: 'pere', interdit_de_recuperer: 'Oui' } },
      admin,
    )
    expect(forbidden.authorizedPersons.find((p) => p.values.nom === 'DUPONT')?.values).toMatchObject({
      peut_recuperer_l_enfant: false,
      interdit_de_recuperer: true,
    })
  })
})

describe('health data', () => {
  it('add a vaccination matched to the catalogue; refuse a date in the future', async () => {
    const { db } = backend.services
    await db
      .insertInto('vaccine_products')
      .values({ name: 'Pentacoq' })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute()
    const product = await db
      .selectFrom('vaccine_products')
      .select('id')
      .where('name', '=', 'Pentacoq')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('vaccine_product_diseases')
      .values(
        ['diphtheria', 'tetanus', 'polio', 'pertussis', 'hib'].map((disease) => ({
          product_id: product.id,
          disease,
        })),
      )
      .onConflict((oc) => oc.columns(['product_id', 'disease']).doNothing())
      .execute()
    const file = await backend.call<ChildFile>(
      'vaccinations/add',
      { childId: child.id, values: { vaccin: 'pentacoq', date: '12/06/2014', date_rappel: '01/07/2017' } },
      admin,
    )
    expect(file.health?.vaccinations[0]).toMatchObject({
      values: { vaccin: 'pentacoq', date: '2014-06-12', date_rappel: '2017-07-01' },
      productName: 'Pentacoq',
      diseases: expect.arrayContaining(['diphtheria', 'hib']),
    })
    const future = await refusal('vaccinations/add', {
      childId: child.id,
      values: { vaccin: 'ROR', date: '2030-01-01' },
    })
    expect(future.message).toBe('Date : une vaccination ne peut pas être datée dans le futur')
  })

  it('allow an allergen only on an allergy', async () => {
    const error = await refusal('healthConditions/add', {
      childId: child.id,
      values: { type: 'Maladie', libelle: 'Asthme', allergene: 'Arachides' },
    })
    expect(error.message).toBe('Allergène : ne se renseigne que pour une allergie')
    const file = await backend.call<ChildFile>(
      'healthConditions/add',
      { childId: child.id, values: { type: 'Allergie', libelle: 'Arachide', allergene: 'arachides' } },
      admin,
    )
    expect(file.health?.conditions[0].values).toMatchObject({ type: 'allergie', allergene: 'peanuts' })
  })

  it('hide health data from roles without access, and refuse their health changes', async () => {
    const agent = await signedInAs(backend, admin, 'agent')
    const seen = await backend.call<ChildFile>('children/get', { id: child.id }, agent)
    expect(seen.canSeeHealth).toBe(false)
    expect(seen.health).toBeNull()
    expect(seen.values).not.toHaveProperty('regime_alimentaire')
    const error = await refusal(
      'vaccinations/add',
      { childId: child.id, values: { vaccin: 'ROR', date: '2020-01-01' } },
      agent,
    )
    expect(error.code).toBe('FORBIDDEN')
    const patch = await refusal(
      'children/update',
      { id: child.id, version: child.version, patch: { pai: true } },
      agent,
    )
    expect(patch.code).toBe('FORBIDDEN')
    // Identity stays editable by an agent.
    const renamed = await backend.call<ChildFile>(
      'children/update',
      { id: child.id, version: child.version, patch: { classe: 'CE1' } },
      agent,
    )
    expect(renamed.values.classe).toBe('CE1')
  })

  it('record each opening of a child’s health data, and show it only to roles with access', async () => {
    const responsable = await signedInAs(backend, admin, 'responsable')
    await backend.call('children/get', { id: child.id }, responsable)
    await backend.call('children/get', { id: child.id }, responsable)
    const views = await auditRows(backend, "action = 'child.health.view'")
    expect(views).toHaveLength(2)
    expect(views[0].actor).toBe('Compte responsable')
    const agent = await signedInAs(backend, admin, 'agent')
    const forAgent = await backend.call<AuditEntryView[]>('audit/list', { childId: child.id }, agent)
    expect(forAgent.some((e) => e.action === 'child.health.view')).toBe(false)
    const forAdmin = await backend.call<AuditEntryView[]>('audit/list', { childId: child.id }, admin)
    expect(forAdmin.filter((e) => e.action === 'child.health.view')).toHaveLength(2)
  })

  it('follow the setting that names the roles with health access', async () => {
    const agent = await signedInAs(backend, admin, 'agent')
    await backend.call('settings/update', { healthRoles: ['agent', 'responsable', 'administrateur'] }, admin)
    expect((await backend.call<ChildFile>('children/get', { id: child.id }, agent)).canSeeHealth).toBe(true)
    expect((await refusal('settings/update', { healthRoles: [] }, agent)).code).toBe('FORBIDDEN')
  })
})
