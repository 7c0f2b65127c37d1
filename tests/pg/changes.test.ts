import { expect, it } from 'vitest'
import { auditRow, writeAuditRows } from '../../src-main/backend/audit/service'
import { changesSince } from '../../src-main/backend/changes/since'
import type { Actor, StaffContext } from '../../src-main/backend/context'
import { HEALTH_VIEW_ACTION } from '../../src-main/backend/ipc/health-trace'
import { CHANGES_CAP } from '../../src-shared/contract/changes'
import { describePg, testDatabase } from './helpers'

// 'changes/since' on PostgreSQL (helper F, issue 12 item 6): the same query
// as on SQLite, a range of audit_log's primary key (docs/architecture.md).

describePg('what other desktops changed, read from the audit log on PostgreSQL', () => {
  const pg = testDatabase()
  const actor: Actor = {
    staffId: null,
    login: 'cli',
    displayName: 'Dominique Martin',
    role: 'administrateur',
  }
  const clock = { now: () => new Date('2026-12-02T13:32:00.000Z') }
  const ctx = () => ({ db: pg.pg.db }) as unknown as StaffContext

  it('lists the changes after the id seen, skips health reads, and says to reload past the cap', async () => {
    const start = await changesSince(ctx(), null)
    expect(start.changes).toEqual([])
    await writeAuditRows(pg.pg.db, [
      auditRow(actor, clock, {
        action: 'guardian.update',
        entityType: 'guardian',
        entityId: 7,
        entityVersion: 3,
        familyId: 5,
        changes: [{ field: 'ville', label: 'Ville', before: 'BIVIERS', after: 'MEYLAN' }],
      }),
      auditRow(actor, clock, { action: HEALTH_VIEW_ACTION, entityType: 'child', familyId: 5, childId: 9 }),
      auditRow(actor, clock, {
        action: 'vaccination.create',
        entityType: 'vaccination',
        entityId: 4,
        childId: 9,
      }),
    ])
    const answer = await changesSince(ctx(), start.lastId)
    expect(answer).toEqual({
      lastId: start.lastId + 3,
      refreshAll: false,
      changes: [
        {
          id: start.lastId + 1,
          kind: 'family',
          familyId: 5,
          childId: null,
          requestId: null,
          record: { type: 'guardian', id: 7, version: 3 },
          by: 'Dominique Martin',
          at: '2026-12-02T13:32:00.000Z',
        },
        {
          id: start.lastId + 3,
          kind: 'child',
          familyId: null,
          childId: 9,
          requestId: null,
          record: null,
          by: 'Dominique Martin',
          at: '2026-12-02T13:32:00.000Z',
        },
      ],
    })
    expect(await changesSince(ctx(), answer.lastId)).toEqual({
      lastId: answer.lastId,
      changes: [],
      refreshAll: false,
    })

    await writeAuditRows(
      pg.pg.db,
      Array.from({ length: CHANGES_CAP + 1 }, () =>
        auditRow(actor, clock, { action: 'family.update', entityType: 'family', familyId: 5 }),
      ),
    )
    expect(await changesSince(ctx(), answer.lastId)).toEqual({
      lastId: answer.lastId + CHANGES_CAP + 1,
      changes: [],
      refreshAll: true,
    })
  })
})
