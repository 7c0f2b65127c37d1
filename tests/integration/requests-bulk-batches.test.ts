import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { BulkSummary } from '../../src-shared/contract/requests'
import { onPostgres } from '../helpers/pg-backend'
import { requestLine, requestsFixture } from '../helpers/requests'
import { sqliteOf } from '../helpers/sqlite'

// How bulk validation (requests/bulk.ts) undoes a refused request: most
// refusals come before anything is written and need no savepoint; a request
// refused after its first write makes its batch run again, one savepoint per
// request, so that it alone is undone.

const t = requestsFixture()

/** The SQL texts run while `work` runs: at better-sqlite3's statements on the file, at pg's client on a server. */
async function sqlRun<T>(work: () => Promise<T>) {
  const sources: string[] = []
  if (onPostgres) {
    const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
    const original = client.query
    client.query = function (this: unknown, ...args: unknown[]) {
      sources.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text))
      return original.apply(this, args)
    }
    try {
      return { value: await work(), sources }
    } finally {
      client.query = original
    }
  }
  const proto = Object.getPrototypeOf(sqliteOf(t.backend.services).prepare('SELECT 1'))
  const methods = ['all', 'get', 'run', 'iterate'] as const
  const originals = methods.map((m) => proto[m])
  methods.forEach((m, i) => {
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      sources.push(this.source)
      return originals[i].apply(this, args)
    }
  })
  try {
    return { value: await work(), sources }
  } finally {
    methods.forEach((m, i) => {
      proto[m] = originals[i]
    })
  }
}

const bulk = async () => {
  const ids = (await t.api.list({ limit: 100 })).rows.map((r) => r.id)
  return sqlRun(() => t.backend.call<BulkSummary>('requests/bulkValidate', { ids }, t.admin))
}
const savepoints = (sources: string[]) => sources.filter((s) => /^SAVEPOINT/.test(s)).length
const requestRow = (ref: string) =>
  t.backend.services.db
    .selectFrom('requests')
    .select(['id', 'state', 'version', 'reply'])
    .where('ref', '=', ref)
    .executeTakeFirstOrThrow()

describe('bulk validation’s refusals', () => {
  it('refused before any write (a conflict): no savepoint, nothing left', async () => {
    await t.api.import(
      requestLine(1, 'fiscal.update', { nombre_de_parts: 3 }),
      requestLine(2, 'responsable.update', { mobile: '0611223344' }, { seen: { mobile: '0699999999' } }),
      requestLine(3, 'responsable.update', { ville: 'MEYLAN' }),
    )
    const { value, sources } = await bulk()
    expect(value.applied.map((a) => a.ref)).toEqual(['T-000001', 'T-000003'])
    expect(value.skipped.map((s) => [s.ref, s.reason])).toEqual([
      ['T-000002', 'conflit : la valeur actuelle diffère de celle que la famille voyait'],
    ])
    expect(savepoints(sources)).toBe(0)
    expect(await requestRow('T-000002')).toMatchObject({ state: 'pending', version: 1, reply: null })
    expect((await t.api.family()).values.nombre_de_parts).toBe(3)
    expect((await t.api.family()).responsable?.values.ville).toBe('MEYLAN')
  })

  it('refused after a first write: the batch runs again, that request alone is undone', async () => {
    const before = await t.api.family()
    await t.api.import(
      requestLine(1, 'fiscal.update', { nombre_de_parts: 3 }),
      // The CAF number is written, then the empty QF is refused (requests/apply.ts).
      requestLine(2, 'caf.update', { n_allocataire: '7654321', qf: null }),
      requestLine(3, 'responsable.update', { ville: 'MEYLAN' }),
    )
    const { value, sources } = await bulk()
    expect(value.applied.map((a) => a.ref)).toEqual(['T-000001', 'T-000003'])
    expect(value.skipped.map((s) => [s.ref, s.reason])).toEqual([
      ['T-000002', 'QF : un QF vide ne peut pas être enregistré'],
    ])
    // Run again with one savepoint per request; the first run left nothing (one transaction each).
    expect(savepoints(sources)).toBe(3)
    // A transaction begins as BEGIN on the file, START TRANSACTION … SERIALIZABLE on a server.
    expect(sources.filter((s) => /^(BEGIN|START TRANSACTION)/i.test(s))).toHaveLength(2)
    const after = await t.api.family()
    expect(after.values.n_allocataire).toBe(before.values.n_allocataire)
    expect(after.values.nombre_de_parts).toBe(3)
    expect(after.responsable?.values.ville).toBe('MEYLAN')
    expect(await requestRow('T-000002')).toMatchObject({ state: 'pending', version: 1, reply: null })
    const entries = await t.backend.services.db
      .selectFrom('audit_log')
      .select(['request_id', 'action'])
      .where('request_id', 'is not', null)
      .orderBy('id')
      .execute()
    const t2 = await requestRow('T-000002')
    expect(entries.filter((e) => e.request_id === t2.id)).toEqual([])
    expect(entries.map((e) => e.action)).toEqual([
      'family.update',
      'request.decide',
      'guardian.update',
      'request.decide',
    ])
    // Each decision written with its own values (the multi-row statements reused with others).
    expect((await requestRow('T-000001')).reply).toContain('Nombre de parts : 3')
    expect((await requestRow('T-000003')).reply).toContain('MEYLAN')
  })
})
