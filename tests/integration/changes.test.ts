import { describe, expect, it } from 'vitest'
import { auditRow, writeAuditRows } from '../../src-main/backend/audit/service'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { CHANGES_CAP, type ChangesSince } from '../../src-shared/contract/changes'
import type { ChildFile } from '../../src-shared/contract/children'
import type { FamilyFile } from '../../src-shared/contract/families'
import { signedInAs } from '../helpers/families'
import { requestsFixture, SEED_EMAIL } from '../helpers/requests'

// What another desktop learns by polling 'changes/since' (docs/architecture.md,
// « Les autres postes voient les changements »): which family, child or
// request changed, by whom and when, never a value.

const t = requestsFixture()
const since = (afterId: number | null, session = t.admin) =>
  t.backend.call<ChangesSince>('changes/since', { afterId }, session)

describe('changes/since', () => {
  it('first learns where the log ends, then lists a guardian saved on another desktop', async () => {
    const start = await since(null)
    expect(start.changes).toEqual([])
    expect(start.lastId).toBeGreaterThan(0)
    expect(await since(start.lastId)).toEqual({ lastId: start.lastId, changes: [], refreshAll: false })

    const family = await t.api.family()
    const agent = await signedInAs(t.backend, t.admin, 'agent')
    const saved = await t.backend.call<FamilyFile>(
      'families/saveGuardian',
      {
        familyId: family.id,
        role: 'responsable',
        version: family.responsable!.version,
        patch: { ville: 'MEYLAN' },
      },
      agent,
    )
    const answer = await since(start.lastId, agent)
    expect(answer.refreshAll).toBe(false)
    const guardian = answer.changes.find((c) => c.record?.type === 'guardian')
    expect(guardian).toMatchObject({
      kind: 'family',
      familyId: family.id,
      childId: null,
      record: { type: 'guardian', id: saved.responsable!.id, version: saved.responsable!.version },
      by: 'Compte agent',
    })
    expect(answer.lastId).toBeGreaterThan(start.lastId)
    // The staff account's creation and the agent's sign-in are not changes of a file.
    expect(answer.changes.every((c) => c.familyId === family.id)).toBe(true)
    expect(JSON.stringify(answer)).not.toContain('MEYLAN')
    // Asked again from the new end: nothing.
    expect((await since(answer.lastId, agent)).changes).toEqual([])
  })

  it('names an import of requests, then a request decided elsewhere and the family it changed', async () => {
    const before = await since(null)
    await t.api.import(SEED_EMAIL)
    const imported = await since(before.lastId)
    expect(imported.changes).toEqual([
      expect.objectContaining({ kind: 'request', requestId: null, record: null }),
    ])
    const { lastId } = imported
    const decided = await t.api.decide(SEED_EMAIL.ref, 'all')
    const answer = await since(lastId)
    expect(answer.changes.find((c) => c.kind === 'request')).toMatchObject({
      requestId: decided.id,
      record: { type: 'request', id: decided.id, version: decided.version },
      by: 'Camille Admin',
    })
    const family = await t.api.family()
    expect(answer.changes.some((c) => c.kind === 'family' && c.familyId === family.id)).toBe(true)
    expect(JSON.stringify(answer)).not.toContain('adressereceptionfact')
  })

  it('gives the version of an authorised person and the id of a quotient, which the screens hold', async () => {
    const child = await t.api.child()
    const family = await t.api.family()
    const { lastId } = await since(null)
    const withPerson = await t.backend.call<ChildFile>(
      'authorizedPersons/add',
      {
        childId: child.id,
        values: { nom: 'DURAND', prenom: 'ALICE', lien_de_parente: 'Tante', telephone: '0611223344' },
      },
      t.admin,
    )
    const withQuotient = await t.backend.call<FamilyFile>(
      'families/setQuotient',
      { familyId: family.id, qf: 650, qf_du: '01/01/2026' },
      t.admin,
    )
    const { changes } = await since(lastId)
    const person = withPerson.authorizedPersons.find((p) => p.values.nom === 'DURAND')!
    expect(changes.find((c) => c.record?.type === 'authorized_person')).toMatchObject({
      kind: 'child',
      childId: child.id,
      record: { id: person.id, version: person.version },
    })
    expect(changes.find((c) => c.record?.type === 'family_quotient')).toMatchObject({
      kind: 'family',
      familyId: family.id,
      record: { id: withQuotient.quotients[0].id, version: null },
    })
    expect(JSON.stringify(changes)).not.toMatch(/DURAND|650/)
  })

  it('says a child changed, not which health record nor its value, and skips health reads', async () => {
    const child = await t.api.child()
    const { lastId } = await since(null)
    await t.backend.call(
      'healthConditions/add',
      { childId: child.id, values: { type: 'Allergie', libelle: 'Arachide', allergene: 'arachides' } },
      t.admin,
    )
    await t.backend.call(
      'vaccinations/add',
      { childId: child.id, values: { vaccin: 'pentacoq', date: '12/06/2014' } },
      t.admin,
    )
    const afterWrites = await since(lastId)
    // Reading the child's file with its health data writes a trace, which is no change.
    await t.api.child()
    const afterRead = await since(afterWrites.lastId)
    expect(afterRead.changes).toEqual([])
    expect(afterRead.lastId).toBeGreaterThan(afterWrites.lastId)

    expect(afterWrites.changes.length).toBeGreaterThanOrEqual(2)
    for (const change of afterWrites.changes) {
      expect(change.kind).toBe('child')
      expect(change.childId).toBe(child.id)
      expect(change.record).toBeNull()
    }
    const text = JSON.stringify(afterWrites)
    for (const word of ['Arachide', 'arachides', 'Allergie', 'pentacoq', '2014', 'vaccination', 'health'])
      expect(text).not.toContain(word)
  })

  it('past its cap, or after a restore, says to reload everything', async () => {
    const { lastId } = await since(null)
    const ctx = await t.api.context()
    const family = await t.api.family()
    await inTransaction(ctx.db, (trx) =>
      writeAuditRows(
        trx,
        Array.from({ length: CHANGES_CAP + 1 }, () =>
          auditRow(ctx.actor, ctx.clock, {
            action: 'family.update',
            entityType: 'family',
            familyId: family.id,
          }),
        ),
      ),
    )
    const many = await since(lastId)
    expect(many).toEqual({ lastId: lastId + CHANGES_CAP + 1, changes: [], refreshAll: true })
    // Exactly the cap still lists them.
    expect((await since(lastId + 1)).changes).toHaveLength(CHANGES_CAP)
    // An id past the end: the database was replaced under the screen.
    expect(await since(many.lastId + 50)).toEqual({ lastId: many.lastId, changes: [], refreshAll: true })
  })

  it('is refused when signed out or locked', async () => {
    const out = await t.backend.dispatch('changes/since', { afterId: 0 }, t.backend.session())
    expect(out.ok).toBe(false)
    if (!out.ok) expect(out.error.code).toBe('UNAUTHENTICATED')
    await t.backend.call('auth/lock', {}, t.admin)
    const locked = await t.backend.dispatch('changes/since', { afterId: 0 }, t.admin)
    expect(locked.ok).toBe(false)
    const bad = await t.backend.dispatch('changes/since', { afterId: -1 }, t.admin)
    expect(bad.ok).toBe(false)
  })
})
