import type { DB } from '@db/schema'
import type { HealthAccessFilters, HealthAccessRow } from '@shared/contract/health-access'
import { addDays } from '@shared/domain/days'
import type { Kysely } from 'kysely'
import { notFound } from '../errors'
import { HEALTH_BULK_ACTION, HEALTH_VIEW_ACTION } from '../ipc/health-trace'
import { parisMidnight } from '../requests/time'

// The audit entries of health reads (ipc/health-trace.ts), newest first, a
// page at a time: keyset on the entry's id (WHERE id < beforeId), which the
// partial indexes of migration 20261202-0200-departure serve without
// reading the other audit rows. Dates are days in France.

/** The audit actions that are health reads, for the retention of the access log too. */
export const HEALTH_READ_ACTIONS = [HEALTH_VIEW_ACTION, HEALTH_BULK_ACTION] as const

type Filters = Omit<HealthAccessFilters, 'beforeId' | 'limit'>

/** The family and child ids the filters name, refused in French when unknown. */
async function resolveIds(db: Kysely<DB>, filters: Filters) {
  let familyId: number | undefined
  let childId: number | undefined
  if (filters.family) {
    const row = await db
      .selectFrom('families')
      .select('id')
      .where('number', '=', filters.family)
      .executeTakeFirst()
    if (!row) throw notFound('Famille')
    familyId = row.id
  }
  if (filters.child) {
    const row = await db
      .selectFrom('children')
      .select('id')
      .where('identifier', '=', filters.child)
      .executeTakeFirst()
    if (!row) throw notFound('Enfant')
    childId = row.id
  }
  return { familyId, childId }
}

/** Up to `limit` entries matching the filters, older than `beforeId` when given. */
export async function healthReads(
  db: Kysely<DB>,
  filters: Filters,
  page: { beforeId?: number; limit: number },
): Promise<HealthAccessRow[]> {
  const { familyId, childId } = await resolveIds(db, filters)
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('children as c', 'c.id', 'a.child_id')
    .leftJoin('families as f', 'f.id', 'a.family_id')
    .leftJoin('requests as r', 'r.id', 'a.request_id')
    .select([
      'a.id',
      'a.at',
      'a.staff_id',
      'a.actor',
      'a.action',
      'a.child_id',
      'c.last_name',
      'c.first_name',
      'c.identifier',
      'a.family_id',
      'f.number',
      'r.ref',
      'a.note',
      'a.source',
    ])
    .where('a.action', 'in', [...HEALTH_READ_ACTIONS])
    .orderBy('a.id', 'desc')
    .limit(page.limit)
  if (page.beforeId !== undefined) q = q.where('a.id', '<', page.beforeId)
  if (filters.from) q = q.where('a.at', '>=', parisMidnight(filters.from).toISOString())
  if (filters.to) q = q.where('a.at', '<', parisMidnight(addDays(filters.to, 1)).toISOString())
  if (filters.staffId !== undefined) q = q.where('a.staff_id', '=', filters.staffId)
  if (familyId !== undefined) q = q.where('a.family_id', '=', familyId)
  if (childId !== undefined) q = q.where('a.child_id', '=', childId)
  const rows = await q.execute()
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    staffId: r.staff_id,
    actor: r.actor,
    kind: r.action === HEALTH_VIEW_ACTION ? 'view' : 'bulk',
    childId: r.child_id,
    childName: r.last_name === null ? null : `${r.last_name} ${r.first_name ?? ''}`.trim(),
    childIdentifier: r.identifier,
    familyId: r.family_id,
    familyNumber: r.number,
    requestRef: r.ref,
    note: r.note ?? '',
    source: r.source,
  }))
}

/** The staff members who appear in the log, for the filter. */
export async function healthReaders(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'display_name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('audit_log as a')
          .select('a.id')
          .whereRef('a.staff_id', '=', 'staff.id')
          .where('a.action', 'in', [...HEALTH_READ_ACTIONS]),
      ),
    )
    .orderBy('display_name')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.display_name }))
}
