import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { saveGuardianFields } from '../../src-main/backend/families/service'
import type { Row } from '../../src-main/backend/records/operations'
import type { BulkSummary } from '../../src-shared/contract/requests'
import { onPostgres } from '../helpers/pg-backend'
import { FAMILY, requestLine, requestsFixture } from '../helpers/requests'

// Bulk validation writes the requests' states, their lines' outcomes and the
// replies once per batch (requests/decision-writes.ts): these tests check
// that what it writes is what deciding one request at a time writes.

const t = requestsFixture()

const db = () => t.backend.services.db
const requestRow = (ref: string) =>
  db()
    .selectFrom('requests')
    .select(['id', 'state', 'version', 'decided_at', 'reply', 'resolution'])
    .where('ref', '=', ref)
    .executeTakeFirstOrThrow()
const messagesOf = (requestId: number) =>
  db()
    .selectFrom('messages')
    .select(['body', 'public_id', 'updated_at', 'sent_at', 'created_at', 'child_id', 'state'])
    .where('request_id', '=', requestId)
    .execute()
const itemsOf = (requestId: number) =>
  db()
    .selectFrom('request_items')
    .select(['outcome', 'applied_value'])
    .where('request_id', '=', requestId)
    .orderBy('position')
    .execute()
const searchPaused = async () =>
  (await db().selectFrom('search_control').select('paused').executeTakeFirstOrThrow()).paused

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
      const row = await requestRow(ref)
      expect(row).toMatchObject({ state: 'validated', version: 2 })
      expect(row.resolution).toMatch(/^Validée par /)
      const messages = await messagesOf(row.id)
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
      expect((await itemsOf(row.id)).every((i) => (i as { outcome: string }).outcome === 'accepted')).toBe(
        true,
      )
    }
    expect(await itemsOf((await requestRow('T-000002')).id)).toEqual([
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
    const refused = await requestRow('T-000002')
    expect(refused).toMatchObject({ state: 'pending', version: 1, decided_at: null, reply: null })
    expect(await messagesOf(refused.id)).toEqual([])
    expect(await itemsOf(refused.id)).toEqual([{ outcome: 'pending', applied_value: null }])
    expect(await messagesOf((await requestRow('T-000003')).id)).toHaveLength(1)
  })

  it('greets the family by the name a request of the same batch has just given its responsable', async () => {
    await t.api.import(
      requestLine(1, 'responsable.update', { nom: 'DURAND' }),
      requestLine(2, 'fiscal.update', { nombre_de_parts: 3 }),
    )
    expect((await bulk()).applied).toHaveLength(2)
    for (const ref of ['T-000001', 'T-000002'])
      expect((await requestRow(ref)).reply).toContain('Monsieur DURAND TEST')
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
    expect(await searchPaused()).toBe(0)
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
    const gaps = async () =>
      (
        await sql<{ now: number | null; rule: number }>`SELECT c.file_gaps AS now, s.file_gaps AS rule
          FROM children c JOIN child_coverage_source s ON s.id = c.id WHERE c.family_id = ${file.id}`.execute(
          db(),
        )
      ).rows
    expect((await gaps()).every((g) => (g.now! & 1) === 1)).toBe(true)
    await t.api.import(
      requestLine(1, 'responsable.update', { email: 'retrouvee@exemple.fr' }),
      requestLine(2, 'conjoint.update', { mobile: '0611223344' }),
      requestLine(3, 'fiscal.update', { nombre_de_parts: 3 }),
    )
    const summary = await bulk()
    expect(summary.skipped.map((s) => s.ref)).toEqual(['T-000002'])
    // The e-mail is back: no child misses it any more, as the rule says.
    expect((await gaps()).length).toBeGreaterThan(0)
    for (const g of await gaps()) expect(g).toEqual({ now: g.rule, rule: g.rule & ~1 })
    const entries = await db()
      .selectFrom('audit_log')
      .select(['action', 'request_id', 'changes'])
      .where('request_id', 'in', db().selectFrom('requests').select('id').where('ref', 'like', 'T-%'))
      .orderBy('id')
      .execute()
    const [one, three] = [(await requestRow('T-000001')).id, (await requestRow('T-000003')).id]
    expect(entries.map((e) => [e.action, e.request_id])).toEqual([
      ['guardian.update', one],
      ['request.decide', one],
      ['family.update', three],
      ['request.decide', three],
    ])
    expect(JSON.parse(entries[0].changes ?? 'null')).toEqual([
      { field: 'email', label: expect.any(String), before: null, after: 'retrouvee@exemple.fr' },
    ])
  })

  it('a guardian read before another change is read again, never written over the newer version', async () => {
    const guardian = async () =>
      (await db()
        .selectFrom('guardians')
        .selectAll()
        .where('role', '=', 'responsable')
        .executeTakeFirstOrThrow()) as Row & {
        city: string
      }
    const stale = await guardian()
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
    expect(await guardian()).toMatchObject({
      version: stale.version + 2,
      city: 'MEYLAN',
      profession: 'Boulanger',
    })
  })

  it('a batch that fails leaves the search triggers on', async () => {
    await t.api.import(requestLine(1, 'responsable.update', { mobile: '0677889900' }))
    const ids = (await t.api.list({ limit: 100 })).rows.map((r) => r.id)
    // A fault that is no refusal ends the batch: its transaction rolls back, the pause with it.
    if (onPostgres) {
      await sql`CREATE FUNCTION fail_message() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disque'; END $$`.execute(
        db(),
      )
      await sql`CREATE TRIGGER fail_message BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION fail_message()`.execute(
        db(),
      )
    } else
      await sql`CREATE TRIGGER fail_message BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'disque'); END`.execute(
        db(),
      )
    await expect(t.backend.call('requests/bulkValidate', { ids }, t.admin)).rejects.toThrow()
    await sql`DROP TRIGGER fail_message${sql.raw(onPostgres ? ' ON messages' : '')}`.execute(db())
    expect(await searchPaused()).toBe(0)
    expect((await requestRow('T-000001')).state).toBe('pending')
  })
})
