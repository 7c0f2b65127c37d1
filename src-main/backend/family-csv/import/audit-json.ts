import type { Entity } from '../../records/entities'
import type { FieldValues } from '../../records/values'
import type { InsertOp } from './plan/index'

// The `changes` of a creation entry, as the record services write them
// (field, label, before null, after: the values given), built as text: a
// city's first import writes a million of them, and building objects only to
// serialise them doubled the import's memory and time.

const opening = (field: string, label: string) =>
  `{"field":${JSON.stringify(field)},"label":${JSON.stringify(label)},"before":null,"after":`

/** Per entity, the opening of each field's change, aligned with entity.fields. */
const openings = new Map<Entity, string[]>()

function openingsOf(entity: Entity): string[] {
  let list = openings.get(entity)
  if (!list) {
    list = entity.fields.map((spec) => opening(spec.key, spec.label))
    openings.set(entity, list)
  }
  return list
}

function fields(parts: string[], entity: Entity, values: FieldValues): void {
  const open = openingsOf(entity)
  entity.fields.forEach((spec, i) => {
    const value = values[spec.key]
    if (value !== undefined && value !== null && value !== '' && value !== false)
      parts.push(`${open[i]}${JSON.stringify(value)}}`)
  })
}

const HEADS: Record<string, { field: string; label: string; column: string }> = {
  families: { field: 'number', label: 'N° famille', column: 'number' },
  children: { field: 'identifiant', label: 'Identifiant', column: 'identifier' },
}

/** The changes of a record's creation entry: its identifier, then every field given a value. */
export function creationChanges(op: InsertOp): string {
  const parts: string[] = []
  const head = HEADS[op.entity.table]
  if (head) parts.push(`${opening(head.field, head.label)}${JSON.stringify(op.extra[head.column])}}`)
  fields(parts, op.entity, op.values)
  return `[${parts.join(',')}]`
}
