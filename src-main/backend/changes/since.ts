import { CHANGES_CAP, type ChangesSince } from '@shared/contract/changes'
import type { StaffContext } from '../context'
import { CHANGE_COLUMNS, changesAll, SKIPPED_ACTIONS, SKIPPED_ENTITIES, toEntry } from './entries'

/**
 * What changed after the audit entry `afterId`: a range of the audit log's
 * primary key, at most CHANGES_CAP entries (docs/architecture.md). The first
 * call (null) only learns where the log ends.
 */
export async function changesSince(ctx: StaffContext, afterId: number | null): Promise<ChangesSince> {
  const last = await ctx.db
    .selectFrom('audit_log')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  const lastId = last?.id ?? 0
  if (afterId === null || afterId === lastId) return { lastId, changes: [], refreshAll: false }
  // A log that ends before the id seen: the database was replaced (restored) under the screen.
  if (afterId > lastId) return { lastId, changes: [], refreshAll: true }
  const rows = await ctx.db
    .selectFrom('audit_log')
    .select(CHANGE_COLUMNS)
    .where('id', '>', afterId)
    .where('id', '<=', lastId)
    .where('action', 'not in', SKIPPED_ACTIONS)
    .where('entity_type', 'not in', SKIPPED_ENTITIES)
    .orderBy('id')
    .limit(CHANGES_CAP + 1)
    .execute()
  if (rows.length > CHANGES_CAP || changesAll(rows)) return { lastId, changes: [], refreshAll: true }
  return { lastId, changes: rows.map(toEntry), refreshAll: false }
}
