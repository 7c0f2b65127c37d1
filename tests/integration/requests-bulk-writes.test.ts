import { describe, expect, it } from 'vitest'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { saveGuardianFields } from '../../src-main/backend/families/service'
import type { Row } from '../../src-main/backend/records/operations'
import type { BulkSummary } from '../../src-shared/contract/requests'
import { FAMILY, requestLine, requestsFixture } from '../helpers/requests'

// Bulk validation writes the requests' states, their lines' outcomes and the
// replies once per batch (requests/decision-writes.ts): these tests check
// that what it writes is what deciding one request at a time writes.

const t = requestsFixture()

const sqlite = () => t.backend.services.sqlite
const requestRow = (ref: string) =>
  sqlite()
    .prepare('SELECT id, state, version, decided_at, reply, resolution FROM requests WHERE ref = ?')
    .get(ref) as {
    id: number
    state: string
    version: number
    decided_at: string | null
    reply: string | null
    resolution: string | null
  }
const messagesOf = (requestId: number) =>
  sqlite()
    .prepare(
      'SELECT body, public_id, updated_at, sent_at, created_at, child_id, state FROM messages WHERE request_id = ?',
    )
    .all(requestId) as Record<string, string | number | null>[]
const itemsOf = (requestId: number) =>
  sqlite()
    .prepare('SELECT outcome, applied_value FROM request_items WHERE request_id = ? ORDER BY position')
    .all(requestId)

const bulk = async () => {
  const ids = (await t.api.list({ limit: 100 })).rows.map((r) => r.id)
  return t.backend.call<BulkSummary>('requests/bulkValidate', { ids }, t.admin)
}

describe('bulk validation’s writes', () => {
  it('decides each request once, with its lines, its reply and one message filled in full', async () => {
    await t.api.import(
      requestLine(1, 'fiscal.update', { nombre_de_parts: 3 }),
      // The same family again: assessed after the first is decided, it reads that decision.
      requestLine(2, 'responsable.update', { ville: 'MEYLAN', profession: 'Boulanger' }),
    )
    const summary = await bulk()
    expect(summary.applied.map((a) => a.ref)).toEqual(['T-000001', 'T-000002'])
    for (const ref of ['T-000001', 'T-000002']) {
      const row = requestRow(ref)
      expect(row).toMatchObject({ state: 'validated', version: 2 })
      expect(row.resolution).toMatch(/^Validée par /)
      const messages = messagesOf(row.id)
      expect(messages).toHaveLength(1)
      expect(messages[0]).toMatchObject({
        body: row.reply,
        updated_at: row.decided_at,
        sent_at: row.decided_at,
        created_at: row.decided_at,
        child_id: null,
        state: 'a_envoyer',
      })
      expect(messages[0].public_id).toMatch(/^[0-9a-f-]{36}$/)
      expect(itemsOf(row.id).every((i) => (i as { outcome: string }).outcome === 'accepted')).toBe(true)
    }
    expect(itemsOf(requestRow('T-000002').id)).toEqual([
      { outcome: 'accepted', applied_value: JSON.stringify('MEYLAN') },
      { outcome: 'accepted', applied_value: JSON.stringify('Boulanger') },
    ])
    expect((await t.api.family()).responsable?.values.ville).toBe('MEYLAN')
  })

  it('a request refused in the middle of a batch leaves nothing, the others everything', async () => {
    await t.api.import(
      requestLine(1, 'fiscal.update', { nombre_de_parts: 3 }),
      requestLine(2, 'conjoint.update', { mobile: '0611223344' }),
      requestLine(3, 'responsable.update', { ville: 'MEYLAN' }),
    )
    const summary = await bulk()
    expect(summary.applied.map((a) => a.ref)).toEqual(['T-000001', 'T-000003'])
    expect(summary.skipped.map((s) => s.ref)).toEqual(['T-000002'])
    const refused = requestRow('T-000002')
    expect(refused).toMatchObject({ state: 'pending', version: 1, decided_at: null, reply: null })
    expect(messagesOf(refused.id)).toEqual([])
    expect(itemsOf(refused.id)).toEqual([{ outcome: 'pending', applied_value: null }])
    expect(messagesOf(requestRow('T-000003').id)).toHaveLength(1)
  })

  it('greets the family by the name a request of the same batch has just given its responsable', async () => {
    await t.api.import(
      requestLine(1, 'responsable.update', { nom: 'DURAND' }),
      requestLine(2, 'fiscal.update', { nombre_de_parts: 3 }),
    )
    expect((await bulk()).applied).toHaveLength(2)
    for (const ref of ['T-000001', 'T-000002'])
      expect(requestRow(ref).reply).toContain('Monsieur DURAND TEST')
  })

  it('rewrites the search rows of the families it changed once per batch, with the triggers back on', async () => {
    const families = (query: string) =>
      t.backend.call<{ rows: { number: string }[] }>(
        'families/search',
        { query, limit: 10, offset: 0 },
        t.admin,
      )
    await t.api.import(
      requestLine(1, 'responsable.update', { mobile: '0677889900', email: 'nouvelle@exemple.fr' }),
      requestLine(2, 'fiscal.update', { nombre_de_parts: 3 }),
    )
    expect((await families('0677889900')).rows).toEqual([])
    expect((await bulk()).applied).toHaveLength(2)
    expect((await families('0677889900')).rows.map((r) => r.number)).toEqual([FAMILY])
    expect((await families('nouvelle')).rows.map((r) => r.number)).toEqual([FAMILY])
    expect(sqlite().prepare('SELECT paused FROM search_control').pluck().get()).toBe(0)
    // The triggers keep the next change right again.
    const file = await t.api.family()
    await t.backend.call(
      'families/saveGuardian',
      {
        familyId: file.id,
        role: 'responsable',
        version: file.responsable!.version,
        patch: { mobile: '0611110000' },
      },
      t.admin,
    )
    expect((await families('0677889900')).rows).toEqual([])
    expect((await families('0611110000')).rows.map((r) => r.number)).toEqual([FAMILY])
  })

  it('writes each change’s audit entry, naming its request, and the children’s coverage with the batch', async () => {
    const file = await t.api.family()
    await t.backend.call(
      'families/saveGuardian',
      { familyId: file.id, role: 'responsable', version: file.responsable!.version, patch: { email: null } },
      t.admin,
    )
    const gaps = () =>
      sqlite()
        .prepare(
          'SELECT c.file_gaps AS now, s.file_gaps AS rule FROM children c JOIN child_coverage_source s ON s.id = c.id WHERE c.family_id = ?',
        )
        .all(file.id) as { now: number | null; rule: number }[]
    expect(gaps().every((g) => (g.now! & 1) === 1)).toBe(true)
    await t.api.import(
      requestLine(1, 'responsable.update', { email: 'retrouvee@exemple.fr' }),
      requestLine(2, 'conjoint.update', { mobile: '0611223344' }),
      requestLine(3, 'fiscal.update', { nombre_de_parts: 3 }),
    )
    const summary = await bulk()
    expect(summary.skipped.map((s) => s.ref)).toEqual(['T-000002'])
    // The e-mail is back: no child misses it any more, as the rule says.
    expect(gaps().length).toBeGreaterThan(0)
    for (const g of gaps()) expect(g).toEqual({ now: g.rule, rule: g.rule & ~1 })
    const entries = sqlite()
      .prepare(
        'SELECT action, request_id, changes FROM audit_log WHERE request_id IN (SELECT id FROM requests WHERE ref LIKE ?) ORDER BY id',
      )
      .all('T-%') as { action: string; request_id: number; changes: string }[]
    const id = (ref: string) => requestRow(ref).id
    expect(entries.map((e) => [e.action, e.request_id])).toEqual([
      ['guardian.update', id('T-000001')],
      ['request.decide', id('T-000001')],
      ['family.update', id('T-000003')],
      ['request.decide', id('T-000003')],
    ])
    expect(JSON.parse(entries[0].changes)).toEqual([
      { field: 'email', label: expect.any(String), before: null, after: 'retrouvee@exemple.fr' },
    ])
  })

  it('a guardian read before another change is read again, never written over the newer version', async () => {
    const guardian = () =>
      sqlite().prepare("SELECT * FROM guardians WHERE role = 'responsable'").get() as Row & { city: string }
    const stale = guardian()
    const file = await t.api.family()
    await t.backend.call(
      'families/saveGuardian',
      { familyId: file.id, role: 'responsable', version: stale.version, patch: { ville: 'MEYLAN' } },
      t.admin,
    )
    const ctx = await t.api.context()
    const saved = await inTransaction(ctx.db, (trx) =>
      saveGuardianFields(trx, ctx, file.id, 'responsable', { profession: 'Boulanger' }, {}, stale),
    )
    expect(saved.row.version).toBe(stale.version + 2)
    expect(guardian()).toMatchObject({ version: stale.version + 2, city: 'MEYLAN', profession: 'Boulanger' })
  })

  it('a batch that fails leaves the search triggers on', async () => {
    await t.api.import(requestLine(1, 'responsable.update', { mobile: '0677889900' }))
    const ids = (await t.api.list({ limit: 100 })).rows.map((r) => r.id)
    // A fault that is no refusal ends the batch: its transaction rolls back, the pause with it.
    sqlite().exec(
      "CREATE TRIGGER fail_message BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'disque'); END",
    )
    await expect(t.backend.call('requests/bulkValidate', { ids }, t.admin)).rejects.toThrow()
    sqlite().exec('DROP TRIGGER fail_message')
    expect(sqlite().prepare('SELECT paused FROM search_control').pluck().get()).toBe(0)
    expect(requestRow('T-000001').state).toBe('pending')
  })
})
