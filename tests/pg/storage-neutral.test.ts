import { expect, it } from 'vitest'
import { commandLineActorAs, loadActor, loadSignedIn } from '../../src-main/backend/auth/actor'
import type { Actor, StaffContext } from '../../src-main/backend/context'
import { biviersStructure } from '../../src-main/backend/demo/biviers'
import { loadMapping, saveMapping } from '../../src-main/backend/family-csv/mapping/store'
import { listMessages } from '../../src-main/backend/messages/list'
import { describePg, testDatabase } from './helpers'

// The queries helper E moved off the SQLite connection onto neutral kysely
// (docs/architecture.md, « La couche de stockage »), run on PostgreSQL: the
// staff lookup of every call, the saved CSV mappings, the messages search,
// the demo's structure.

const AT = '2026-12-02T08:00:00.000Z'

describePg('neutral queries of the storage layer on PostgreSQL', () => {
  const pg = testDatabase()
  const db = () => pg.pg.db

  async function staff(login: string, active: 0 | 1) {
    const { id } = await db()
      .insertInto('staff')
      .values({
        login,
        display_name: `Compte ${login}`,
        role: 'agent',
        password_hash: 'x',
        active,
        created_at: AT,
        updated_at: AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return id
  }

  it('finds the signed-in staff member, and nobody for a disabled account', async () => {
    const id = await staff('camille', 1)
    const off = await staff('dominique', 0)
    expect(await loadSignedIn(db(), id)).toEqual({
      actor: { staffId: id, login: 'camille', displayName: 'Compte camille', role: 'agent' },
      mustChangePassword: false,
    })
    // The compiled query is reused with another id.
    expect(await loadActor(db(), off)).toBeNull()
    expect(await loadActor(db(), id)).toMatchObject({ staffId: id })
    expect((await commandLineActorAs(db(), 'camille', 'mairie', new Date(AT))).displayName).toBe(
      'Compte camille (ligne de commande, utilisateur du système mairie)',
    )
    await expect(commandLineActorAs(db(), 'dominique', 'mairie', new Date(AT))).rejects.toThrow(/désactivé/)
  })

  it('keeps a confirmed CSV mapping, replaced by the next one for the same headers', async () => {
    const headers = ['Nom', 'Prénom', 'Ville']
    await saveMapping(db(), headers, [null, null, null], null, AT)
    await saveMapping(
      db(),
      ['Ville', 'Nom', 'Prénom'],
      ['responsable:Ville', 'responsable:Nom', null],
      null,
      AT,
    )
    expect(await loadMapping(db(), headers)).toEqual(['responsable:Nom', null, 'responsable:Ville'])
    expect(await loadMapping(db(), ['Autre'])).toBeNull()
  })

  it('searches messages by subject and name whatever the case of their letters', async () => {
    const { id: familyId } = await db()
      .insertInto('families')
      .values({ number: '383300000001', created_at: AT, updated_at: AT })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db()
      .insertInto('guardians')
      .values({ family_id: familyId, role: 'responsable', last_name: 'TEST', created_at: AT, updated_at: AT })
      .execute()
    await db()
      .insertInto('messages')
      .values({ family_id: familyId, subject: 'Réunion des familles', body: 'Bonjour.', created_at: AT })
      .execute()
    const actor: Actor = {
      staffId: null,
      login: 'cli',
      displayName: 'Ligne de commande',
      role: 'administrateur',
    }
    const ctx = { db: db(), actor } as unknown as StaffContext
    const total = async (search: string) => (await listMessages(ctx, { search })).total
    // Folded as SQLite folds (A to Z): the same messages on both engines, accents as typed.
    expect(await total('RéUNION DES')).toBe(1)
    expect(await total('RÉUNION DES')).toBe(0)
    expect(await total('des FAMILLES')).toBe(1)
    expect(await total('tEsT')).toBe(1)
    expect(await total('absent')).toBe(0)
  })

  it('creates the demo commune’s structure and services once, the same ids the second time', async () => {
    const first = await biviersStructure(db(), AT)
    expect(Object.keys(first).sort()).toEqual(['evening', 'meals', 'morning'])
    expect(await biviersStructure(db(), AT)).toEqual(first)
  })
})
