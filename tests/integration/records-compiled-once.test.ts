import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { executeCompiledOnce, insertRowsCompiledOnce } from '../../src-main/backend/records/compiled-once'
import { createTestBackend, type TestBackend } from '../helpers/backend'

// records/compiled-once.ts: a statement built once per shape, then run with
// other values; never reused when the values it was built with are not in
// the order the caller gives them.

let backend: TestBackend
beforeEach(() => {
  backend = createTestBackend()
})
afterEach(() => backend.dispose())

const settingKeys = ['compiled.a', 'compiled.b', 'compiled.c']

describe('statements compiled once', () => {
  it('are built the first time only, and each run takes its own values', async () => {
    let builds = 0
    const rows = settingKeys.map((key, i) => ({
      key,
      value: JSON.stringify(i),
      updated_at: '2026-12-02T06:00:00.000Z',
    }))
    await inTransaction(backend.services.db, async (trx) => {
      for (const row of rows) await insertRowsCompiledOnce(trx, 'settings', [row])
      for (const [i, key] of settingKeys.entries())
        await executeCompiledOnce(trx, 'test:setting', [JSON.stringify(i * 10), key], () => {
          builds++
          return trx
            .updateTable('settings')
            .set({ value: JSON.stringify(i * 10) })
            .where('key', '=', key)
        })
    })
    expect(builds).toBe(1)
    const stored = await backend.services.db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'like', 'compiled.%')
      .orderBy('key')
      .execute()
    expect(stored).toEqual(settingKeys.map((key, i) => ({ key, value: JSON.stringify(i * 10) })))
  })

  it('are built again each time when the values given are not in the built order', async () => {
    let builds = 0
    await inTransaction(backend.services.db, async (trx) => {
      for (const key of settingKeys)
        await executeCompiledOnce(trx, 'test:wrong-order', ['not', 'the', 'values'], () => {
          builds++
          return trx.selectFrom('settings').select('key').where('key', '=', key)
        })
    })
    expect(builds).toBe(3)
  })
})
