import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadActor } from '../../src-main/backend/auth/actor'
import type { Session } from '../../src-main/backend/context'
import { handlers } from '../../src-main/backend/handlers'
import { createDispatcher } from '../../src-main/backend/ipc/dispatch'
import type { ChildFile } from '../../src-shared/contract/children'
import type { ChildChecklist } from '../../src-shared/contract/completeness'
import type { ChildListRow, SearchPage } from '../../src-shared/contract/search'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { signedInAs } from '../helpers/families'
import { exportTo } from '../helpers/family-csv'
import { RequestsApi, SEED_VACCINATION, seedFamily } from '../helpers/requests'

// Health data only for the roles allowed to see it, and every read traced by
// one mechanism: the contract says which channels answer with health data,
// the dispatcher refuses or traces (issue 9, points 1 and 2;
// docs/donnees-de-sante.md).

let backend: TestBackend
let admin: Session
let agent: Session
let responsable: Session
let child: ChildFile

beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  ;({ child } = await seedFamily(backend, admin))
  await backend.call(
    'healthConditions/add',
    { childId: child.id, values: { type: 'Allergie', libelle: 'Arachide', allergene: 'arachides' } },
    admin,
  )
  await backend.call(
    'vaccinations/add',
    { childId: child.id, values: { vaccin: 'pentacoq', date: '12/06/2014' } },
    admin,
  )
  child = await backend.call<ChildFile>(
    'children/update',
    { id: child.id, version: child.version, patch: { pai: 'Oui', pai_valable_jusqu_au: '30/06/2027' } },
    admin,
  )
  agent = await signedInAs(backend, admin, 'agent')
  responsable = await signedInAs(backend, admin, 'responsable')
}, 120_000)
afterEach(async () => backend.dispose())

interface Trace {
  action: string
  actor: string
  child_id: number | null
  family_id: number | null
  request_id: number | null
  note: string
}

/** The health traces written by `work`, in order. */
async function tracesOf(work: () => Promise<unknown>): Promise<Trace[]> {
  const { db } = backend.services
  const { last } = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.coalesce(eb.fn.max('id'), eb.lit(0)).as('last'))
    .executeTakeFirstOrThrow()
  await work()
  return db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'child_id', 'family_id', 'request_id', 'note'])
    .where('id', '>', last)
    .where('action', 'in', ['child.health.view', 'health.bulk-view'])
    .orderBy('id')
    .execute() as Promise<Trace[]>
}

describe('children’s search', () => {
  it('gives PAI and allergy flags only to the health role, and traces the list that shows them', async () => {
    let page = {} as SearchPage<ChildListRow>
    const agentTraces = await tracesOf(async () => {
      page = await backend.call('children/search', { query: 'TEST' }, agent)
    })
    expect(page.rows[0]).toMatchObject({ id: child.id, pai: null, paiValidUntil: null, allergy: null })
    expect(agentTraces).toEqual([])
    const traces = await tracesOf(async () => {
      page = await backend.call('children/search', { query: 'TEST' }, responsable)
    })
    expect(page.rows[0]).toMatchObject({ pai: true, paiValidUntil: '2027-06-30', allergy: true })
    expect(traces).toEqual([
      {
        action: 'health.bulk-view',
        actor: 'Compte responsable',
        child_id: null,
        family_id: null,
        request_id: null,
        note: 'Lecture groupée des données de santé (liste des enfants (PAI, allergies)) : recherche « TEST », 1 élément',
      },
    ])
  })
})

describe('reads that wrote no trace', () => {
  it('the completeness checklist: details and a trace for the health role, neither for the others', async () => {
    let list = {} as ChildChecklist
    expect(
      await tracesOf(async () => {
        list = await backend.call('completeness/checklist', { childId: child.id }, agent)
      }),
    ).toEqual([])
    expect(list.items.find((i) => i.key === 'pai')?.detail).toBeNull()
    const traces = await tracesOf(async () => {
      list = await backend.call('completeness/checklist', { childId: child.id }, responsable)
    })
    expect(list.items.find((i) => i.key === 'pai')?.detail).toMatch(/Valable jusqu’au 30\/06\/2027/)
    expect(traces).toEqual([
      {
        action: 'child.health.view',
        actor: 'Compte responsable',
        child_id: child.id,
        family_id: child.familyId,
        request_id: null,
        note: 'Consultation des données de santé (liste des pièces du dossier)',
      },
    ])
  })

  it('children/update with an empty patch answers with the vaccinations: traced', async () => {
    let file = {} as ChildFile
    const traces = await tracesOf(async () => {
      file = await backend.call(
        'children/update',
        { id: child.id, version: child.version, patch: {} },
        responsable,
      )
    })
    expect(file.health?.vaccinations).toHaveLength(1)
    expect(traces).toMatchObject([
      {
        action: 'child.health.view',
        child_id: child.id,
        note: 'Consultation des données de santé (fiche de l’enfant)',
      },
    ])
    const agentTraces = await tracesOf(async () => {
      file = await backend.call('children/update', { id: child.id, version: child.version, patch: {} }, agent)
    })
    expect(file.health).toBeNull()
    expect(agentTraces).toEqual([])
  })

  it('opening a file writes one trace, not two', async () => {
    const traces = await tracesOf(() => backend.call('children/get', { id: child.id }, responsable))
    expect(traces).toHaveLength(1)
  })

  it('the CSV export: without the right, no vaccinations.csv nor sante.csv; with it, a trace of the scope and count', async () => {
    const agentActor = await loadActor(backend.services.db, agent.staffId as number)
    const responsableActor = await loadActor(backend.services.db, responsable.staffId as number)
    if (!agentActor || !responsableActor) throw new Error('no actors')
    const agentDir = join(backend.dir, 'agent')
    let result = await exportTo(backend, agentDir, { kind: 'all' }, agentActor)
    expect(result.healthOmitted).toBe(true)
    expect(result.files.map((f) => f.name)).not.toContain('vaccinations.csv')
    expect(existsSync(join(agentDir, 'sante.csv'))).toBe(false)
    const traces = await tracesOf(async () => {
      result = await exportTo(backend, join(backend.dir, 'resp'), { kind: 'all' }, responsableActor)
    })
    expect(result.files.map((f) => f.name)).toContain('sante.csv')
    expect(traces).toEqual([
      {
        action: 'health.bulk-view',
        actor: 'Compte responsable',
        child_id: null,
        family_id: null,
        request_id: null,
        note: 'Lecture groupée des données de santé (export CSV des familles) : toutes les familles, 1 élément',
      },
    ])
    expect(
      await tracesOf(() => exportTo(backend, join(backend.dir, 'agent2'), { kind: 'all' }, agentActor)),
    ).toEqual([])
  })

  it('the history of a child showing health changes is traced for the health role', async () => {
    const traces = await tracesOf(() => backend.call('audit/list', { childId: child.id }, responsable))
    expect(traces).toMatchObject([
      { child_id: child.id, note: 'Consultation des données de santé (historique des modifications)' },
    ])
    expect(await tracesOf(() => backend.call('audit/list', { childId: child.id }, agent))).toEqual([])
  })
})

describe('decisions export and replies about health data', () => {
  it('is refused to an agent when a reply names health data, and traced child by child for the others', async () => {
    const api = new RequestsApi(backend, admin)
    await api.import(SEED_VACCINATION)
    const decided = await api.decide(SEED_VACCINATION.ref, 'none', {
      reply: 'Le Pentacoq du 12/06/2014 manque.',
    })
    const refused = await backend.dispatch('requests/exportDecisions', { since: '2017-07-01' }, agent)
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/données de santé/)
    const traces = await tracesOf(() =>
      backend.call('requests/exportDecisions', { since: '2017-07-01' }, responsable),
    )
    expect(traces).toEqual([
      {
        action: 'child.health.view',
        actor: 'Compte responsable',
        child_id: child.id,
        family_id: child.familyId,
        request_id: decided.id,
        note: 'Consultation des données de santé (export des décisions pour le portail)',
      },
    ])
  })
})

describe('the history of a family', () => {
  it('does not show a role without the health right the decision on a health request (its reasons name the data)', async () => {
    const api = new RequestsApi(backend, admin)
    await api.import(SEED_VACCINATION)
    await api.decide(SEED_VACCINATION.ref, 'none', { reason: 'Pentacoq illisible sur le carnet' })
    const history = (session: Session) =>
      backend.call<{ action: string; note: string | null }[]>(
        'audit/list',
        { familyId: child.familyId },
        session,
      )
    const decision = (entries: { action: string; note: string | null }[]) =>
      entries.filter((e) => e.action === 'request.decide')
    expect(decision(await history(responsable))).toHaveLength(1)
    expect(decision(await history(agent))).toEqual([])
    expect(JSON.stringify(await history(agent))).not.toContain('Pentacoq')
  })
})

describe('the dispatcher’s guard', () => {
  it('refuses an answer holding health data to a role without the right, whatever the handler did', async () => {
    const leaky = createDispatcher(backend.services, {
      ...handlers,
      // A handler that forgot to filter: the contract still says what its answer holds.
      'children/get': async () => ({ ...child, health: { vaccinations: [], conditions: [] } }),
    })
    expect(await leaky('children/get', { id: child.id }, agent)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/données de santé/) },
    })
    expect((await leaky('children/get', { id: child.id }, responsable)).ok).toBe(true)
  })
})

describe('validating a child’s file', () => {
  it('needs the health right (issue 10 point 20)', async () => {
    const refused = await backend.dispatch(
      'completeness/validate',
      { childId: child.id, version: child.version },
      agent,
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/partie santé/)
  })
})
