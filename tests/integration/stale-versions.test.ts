import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { ChildFile } from '../../src-shared/contract/children'
import type { RecordView } from '../../src-shared/contract/records'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { createFamilyWithChild } from '../helpers/families'

// Two staff members edit the same record: the second save, made on the
// version both had opened, is refused with what changed in between, and
// nothing of it is written. For every record type under a child (the
// responsable's case is in families.test.ts).

let backend: TestBackend
let admin: Session
let child: ChildFile
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  child = (await createFamilyWithChild(backend, admin)).child
})
afterEach(async () => backend.dispose())

async function refusal(channel: string, input: unknown) {
  const envelope = await backend.dispatch(channel, input, admin)
  if (envelope.ok) throw new Error(`${channel} accepted a stale version`)
  return envelope.error
}

interface Case {
  what: string
  /** Adds the record (when it is not the child itself) and returns it. */
  add(): Promise<RecordView>
  /** Reads the record back from the child's file. */
  read(file: ChildFile): RecordView | undefined
  update: string
  remove?: string
  first: Record<string, unknown>
  second: Record<string, unknown>
  /** The field of `first`, as the conflict message shows it. */
  shown: string
}

const get = () => backend.call<ChildFile>('children/get', { id: child.id }, admin)

const CASES: Case[] = [
  {
    what: 'the child',
    add: async () => child,
    read: (file) => file,
    update: 'children/update',
    first: { ecole: 'École du Bourg' },
    second: { ecole: 'École des Tilleuls' },
    shown: 'École : (vide) → École du Bourg (Camille Admin',
  },
  {
    what: 'an authorised person',
    add: async () =>
      (
        await backend.call<ChildFile>(
          'authorizedPersons/add',
          { childId: child.id, values: { nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'Voisin(e)' } },
          admin,
        )
      ).authorizedPersons[0],
    read: (file) => file.authorizedPersons[0],
    update: 'authorizedPersons/update',
    remove: 'authorizedPersons/delete',
    first: { mobile: '0611111111' },
    second: { mobile: '0622222222' },
    shown: 'Mobile : (vide) → 0611111111 (Camille Admin',
  },
  {
    what: 'a vaccination',
    add: async () =>
      (
        await backend.call<ChildFile>(
          'vaccinations/add',
          { childId: child.id, values: { vaccin: 'Pentacoq', date: '2014-06-12' } },
          admin,
        )
      ).health!.vaccinations[0],
    read: (file) => file.health?.vaccinations[0],
    update: 'vaccinations/update',
    remove: 'vaccinations/delete',
    first: { lot: 'A123' },
    second: { lot: 'B456' },
    shown: 'Lot : (vide) → A123 (Camille Admin',
  },
  {
    what: 'a health condition',
    add: async () =>
      (
        await backend.call<ChildFile>(
          'healthConditions/add',
          { childId: child.id, values: { type: 'maladie', libelle: 'Asthme' } },
          admin,
        )
      ).health!.conditions[0],
    read: (file) => file.health?.conditions[0],
    update: 'healthConditions/update',
    remove: 'healthConditions/delete',
    first: { details: 'Ventoline dans le sac' },
    second: { details: 'Aucun traitement' },
    shown: 'Détails : (vide) → Ventoline dans le sac (Camille Admin',
  },
]

describe('a save made on a version someone else has changed since', () => {
  for (const c of CASES)
    it(`is refused for ${c.what}, saying what changed, and writes nothing`, async () => {
      const opened = await c.add()
      await backend.call(c.update, { id: opened.id, version: opened.version, patch: c.first }, admin)
      const auditCount = async () =>
        (
          await backend.services.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n
      const auditBefore = await auditCount()
      const error = await refusal(c.update, { id: opened.id, version: opened.version, patch: c.second })
      expect(error.code).toBe('CONFLICT')
      expect(error.message).toContain(c.shown)
      expect(await auditCount()).toBe(auditBefore)
      const now = c.read(await get())!
      expect(now.version).toBe(opened.version + 1)
      for (const [key, value] of Object.entries(c.first)) expect(now.values[key]).toBe(value)
    })

  for (const c of CASES.filter((x) => x.remove))
    it(`refuses to delete ${c.what} on a stale version`, async () => {
      const opened = await c.add()
      await backend.call(c.update, { id: opened.id, version: opened.version, patch: c.first }, admin)
      const error = await refusal(c.remove!, { id: opened.id, version: opened.version })
      expect(error.code).toBe('CONFLICT')
      expect(c.read(await get())).toBeDefined()
    })
})
