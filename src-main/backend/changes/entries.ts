import type { AuditLogTable } from '@db/schema'
import type { ChangedRecord, ChangeEntry, ChangeKind } from '@shared/contract/changes'
import type { Selectable } from 'kysely'
import { ACCESS_EXPORT_ACTION } from '../access-export/run'
import { HEALTH_BULK_ACTION, HEALTH_VIEW_ACTION } from '../ipc/health-trace'

// Which audit entries another desktop must hear about, and what of them it
// hears (docs/architecture.md, « Les autres postes voient les changements »).

/** Entries that change nothing a screen shows: reads of health data, exports, sign-ins and the like. */
export const SKIPPED_ACTIONS = [HEALTH_VIEW_ACTION, HEALTH_BULK_ACTION, ACCESS_EXPORT_ACTION] as const
export const SKIPPED_ENTITIES = ['staff', 'health'] as const

/** A change of the whole database: every screen reloads. */
const WHOLE_DATABASE = new Set(['database', 'retention_plan', 'demo'])

/** Records a screen holds with their version (a family's file, a child's, a request's review). */
const VERSIONED = new Set<string>([
  'family',
  'guardian',
  'family_quotient',
  'child',
  'authorized_person',
  'request',
])

/** The columns read: never `changes`, `note` or `source`. */
export const CHANGE_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'entity_version',
  'family_id',
  'child_id',
  'request_id',
] as const

/** An audit entry as the poll reads it: the columns above, typed by the schema. */
export type ChangeRow = Pick<Selectable<AuditLogTable>, (typeof CHANGE_COLUMNS)[number]>

export const changesAll = (rows: readonly ChangeRow[]): boolean =>
  rows.some((r) => WHOLE_DATABASE.has(r.entity_type))

function kindOf(row: ChangeRow): ChangeKind {
  if (row.entity_type === 'request') return 'request'
  if (row.child_id !== null) return 'child'
  if (row.family_id !== null) return 'family'
  return 'other'
}

// A vaccination or a health condition is only "the child changed": the kind
// of health record is not said, so the answer holds no health data. A
// deletion keeps the last version, which a screen holds: no record, so that
// it is never taken for one of the screen's own saves.
function recordOf(row: ChangeRow): ChangedRecord | null {
  if (row.entity_id === null || !VERSIONED.has(row.entity_type) || row.action.endsWith('.delete')) return null
  return { type: row.entity_type as ChangedRecord['type'], id: row.entity_id, version: row.entity_version }
}

export function toEntry(row: ChangeRow): ChangeEntry {
  return {
    id: row.id,
    kind: kindOf(row),
    familyId: row.family_id,
    childId: row.child_id,
    requestId: row.request_id,
    record: recordOf(row),
    by: row.actor,
    at: row.at,
  }
}
