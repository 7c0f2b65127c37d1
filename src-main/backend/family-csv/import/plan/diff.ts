import type { FieldSpec } from '@shared/fields/index'
import { fieldByKey } from '@shared/fields/index'
import type { FieldChange } from '../../../audit/service'
import type { Entity } from '../../../records/entities'
import { type FieldValues, fromStored, toStored } from '../../../records/values'
import type { DbRow } from '../existing'
import type { Plan } from './model'

// Field by field comparison of what a file gives with what the database
// holds, on stored forms: a value written back as it was read is no change,
// so that importing the same files twice changes nothing.

/** Text columns that are NOT NULL DEFAULT '' in the schema: "no value" is ''. */
const EMPTY_TEXT_COLUMNS = new Set(['guardians.first_name', 'authorized_persons.first_name'])
/** Flags whose column default is Oui (the schema's DEFAULT 1). */
const FLAGS_ON_BY_DEFAULT = new Set(['authorized_persons.can_pick_up'])

export function storedValue(entity: Entity, spec: FieldSpec, value: unknown): unknown {
  const stored = toStored(spec, value)
  return stored === null && EMPTY_TEXT_COLUMNS.has(`${entity.table}.${spec.column}`) ? '' : stored
}

/** The columns to set and the changes to audit; nothing when the row already holds these values. */
export function diffRecord(
  entity: Entity,
  row: DbRow,
  values: FieldValues,
): { set: Record<string, unknown>; changes: FieldChange[] } {
  const set: Record<string, unknown> = {}
  const changes: FieldChange[] = []
  for (const key in values) {
    const spec = fieldByKey(entity.fields, key)
    if (!spec) continue
    const stored = storedValue(entity, spec, values[key])
    const current = row[spec.column] ?? null
    if (stored === current) continue
    set[spec.column] = stored
    changes.push({
      field: spec.key,
      label: spec.label,
      before: fromStored(spec, current),
      after: values[key],
    })
  }
  return { set, changes }
}

/** How a new row fills one field column: its spec, and what it holds when the file gives nothing. */
interface NewColumn {
  spec: FieldSpec
  emptyText: boolean
  absent: unknown
}

/** Per entity, worked out once: a city's first import writes a million rows through these. */
const newColumns = new WeakMap<Entity, NewColumn[]>()

function newColumnsOf(entity: Entity): NewColumn[] {
  let columns = newColumns.get(entity)
  if (!columns) {
    columns = entity.fields.map((spec) => {
      const name = `${entity.table}.${spec.column}`
      const emptyText = EMPTY_TEXT_COLUMNS.has(name)
      const absent = spec.kind === 'flag' ? (FLAGS_ON_BY_DEFAULT.has(name) ? 1 : 0) : emptyText ? '' : null
      return { spec, emptyText, absent }
    })
    newColumns.set(entity, columns)
  }
  return columns
}

/** Appends to `out` the stored value of every field column of a new row: the file's, else the schema's default. */
export function pushNewRowValues(out: unknown[], entity: Entity, values: FieldValues): void {
  for (const { spec, emptyText, absent } of newColumnsOf(entity)) {
    if (!(spec.key in values)) out.push(absent)
    else {
      const stored = toStored(spec, values[spec.key])
      out.push(stored === null && emptyText ? '' : stored)
    }
  }
}

/** The field values of a database row merged with those a file gives (for rules over several fields). */
export function merged(entity: Entity, row: DbRow | undefined, values: FieldValues): FieldValues {
  const out: FieldValues = {}
  for (const spec of entity.fields)
    out[spec.key] =
      spec.key in values ? values[spec.key] : row ? fromStored(spec, row[spec.column]) : undefined
  return out
}

/**
 * Plans the changes a file asks of a database row (nothing when it already
 * holds these values); true when there are some.
 */
export function planUpdate(
  plan: Plan,
  entity: Entity,
  row: DbRow,
  values: FieldValues,
  scope: { familyId: number; childId: number | null },
): boolean {
  const { set, changes } = diffRecord(entity, row, values)
  if (changes.length === 0) return false
  plan.updates.push({ entity, id: row.id, version: row.version, set, changes, ...scope })
  return true
}
