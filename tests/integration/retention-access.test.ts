import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import { rebuildFamilySearch } from '../../src-main/backend/db/storage/sqlite/search-rebuild'
import type { RetentionOverview, RetentionPlan, RetentionSettings } from '../../src-shared/contract/retention'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { auditEntries, createFamilyWithChild, signedInAs } from '../helpers/families'
import { itSqliteOnly, openAnotherConnection } from '../helpers/pg-backend'
import { sqliteOf } from '../helpers/sqlite'

// Who may plan and apply retention (administrators only), the periods as
// settings, and a family with a child still there left alone.

let backend: TestBackend
let admin: Session
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
})
afterEach(async () => backend.dispose())

describe('retention channels', () => {
  it('are refused to an agent and a responsable, on screen and on the command line', async () => {
    for (const role of ['agent', 'responsable'] as const) {
      const session = await signedInAs(backend, admin, role)
      for (const channel of ['retention/overview', 'retention/plan'])
        await expect(backend.call(channel, {}, session), `${role} ${channel}`).rejects.toMatchObject({
          payload: { code: 'FORBIDDEN' },
        })
      await expect(backend.call('retention/apply', { planId: 1 }, session)).rejects.toMatchObject({
        payload: { code: 'FORBIDDEN' },
      })
    }
    const { login } = await backend.services.db
      .selectFrom('staff')
      .select('login')
      .where('role', '=', 'agent')
      .executeTakeFirstOrThrow()
    const cli = await runCli('--db', backend.database, '--as', login, 'retention', 'plan')
    expect(cli.code).toBe(1)
    expect(cli.err).not.toContain('Erreur inattendue')
    expect(await backend.services.db.selectFrom('retention_plans').select('id').execute()).toEqual([])
  })

  it('keeps the periods as settings, each change audited, the CNIL limit of 3 years enforced', async () => {
    const saved = await backend.call<RetentionSettings>(
      'retention/updateSettings',
      { years: 2, auditYears: 5, healthAccessYears: 1, backupDays: 20 },
      admin,
    )
    expect(saved).toEqual({ years: 2, auditYears: 5, healthAccessYears: 1, backupDays: 20 })
    expect(await auditEntries(backend, { action: 'settings.update' })).toHaveLength(4)
    await expect(backend.call('retention/updateSettings', { years: 4 }, admin)).rejects.toMatchObject({
      payload: { code: 'VALIDATION' },
    })
    const overview = await backend.call<RetentionOverview>('retention/overview', {}, admin)
    expect(overview.settings.years).toBe(2)
    expect(overview.latest).toBeNull()
  })

  it('anonymises a child who left long ago but not its family while a brother stays', async () => {
    const { family, child } = await createFamilyWithChild(backend, admin)
    const { db } = backend.services
    await db
      .insertInto('children')
      .values({
        family_id: family.id,
        identifier: '383306398999',
        last_name: 'TEST',
        first_name: 'FRERE',
        left_on: null,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      })
      .execute()
    await db.updateTable('children').set({ left_on: '2021-07-05' }).where('id', '=', child.id).execute()
    const plan = await backend.call<RetentionPlan>('retention/plan', {}, admin)
    expect(plan).toMatchObject({ children: 1, families: 0 })
    await backend.call('retention/apply', { planId: plan.id }, admin)
    const rows = await db
      .selectFrom('children')
      .select(['first_name', 'anonymised_at'])
      .orderBy('id')
      .execute()
    expect(rows).toEqual([
      { first_name: '', anonymised_at: expect.any(String) },
      { first_name: 'FRERE', anonymised_at: null },
    ])
    expect(await db.selectFrom('families').select('anonymised_at').execute()).toEqual([
      { anonymised_at: null },
    ])
    expect(await auditEntries(backend, { action: 'retention.apply' })).toHaveLength(1)
    // Out of the search as staff use it.
    const search = (query: string) =>
      backend.call<{ total: number }>('children/search', { query }, admin).then((p) => p.total)
    expect(await search('FRERE')).toBe(1)
    expect(await search('ENFANT')).toBe(0)
  })

  itSqliteOnly(
    'keeps an anonymised child out of the file’s FTS indexes, even after a full rebuild',
    async () => {
      const { family, child } = await createFamilyWithChild(backend, admin)
      const sqlite = sqliteOf(backend.services)
      sqlite
        .prepare(
          `INSERT INTO children (family_id, identifier, last_name, first_name, left_on, created_at, updated_at)
         VALUES (?, '383306398999', 'TEST', 'FRERE', NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
        )
        .run(family.id)
      sqlite.prepare("UPDATE children SET left_on = '2021-07-05' WHERE id = ?").run(child.id)
      const plan = await backend.call<RetentionPlan>('retention/plan', {}, admin)
      await backend.call('retention/apply', { planId: plan.id }, admin)
      // A full rebuild (demo, CSV import) leaves it out too.
      rebuildFamilySearch(sqlite)
      expect(
        sqlite.prepare('SELECT count(*) FROM child_search_order WHERE child_id = ?').pluck().get(child.id),
      ).toBe(0)
      expect(
        sqlite.prepare("SELECT count(*) FROM family_search WHERE family_search MATCH 'FRERE'").pluck().get(),
      ).toBe(1)
      expect(
        sqlite.prepare("SELECT count(*) FROM family_search WHERE family_search MATCH 'ENFANT'").pluck().get(),
      ).toBe(0)
    },
  )

  it('leaves nothing to do once applied: the next plan is empty', async () => {
    const { child } = await createFamilyWithChild(backend, admin)
    await backend.services.db
      .updateTable('children')
      .set({ left_on: '2021-07-05' })
      .where('id', '=', child.id)
      .execute()
    const plan = await backend.call<RetentionPlan>('retention/plan', {}, admin)
    await backend.call('retention/apply', { planId: plan.id }, admin)
    expect(await backend.call<RetentionPlan>('retention/plan', {}, admin)).toMatchObject({
      children: 0,
      families: 0,
    })
  })

  it('refuses an application while another one runs on the same database (another process, a worker)', async () => {
    const { child } = await createFamilyWithChild(backend, admin)
    await backend.services.db
      .updateTable('children')
      .set({ left_on: '2021-07-05' })
      .where('id', '=', child.id)
      .execute()
    const plan = await backend.call<RetentionPlan>('retention/plan', {}, admin)
    const other = await openAnotherConnection(backend)
    try {
      await other.storage.withJobLock('retention', () =>
        expect(backend.call('retention/apply', { planId: plan.id }, admin)).rejects.toMatchObject({
          payload: { code: 'BUSY', message: expect.stringMatching(/déjà en cours d’application/) },
        }),
      )
    } finally {
      await other.close()
    }
    expect(await auditEntries(backend, { action: 'retention.apply' })).toHaveLength(0)
    await backend.call('retention/apply', { planId: plan.id }, admin)
    expect(await auditEntries(backend, { action: 'retention.apply' })).toHaveLength(1)
  })
})
