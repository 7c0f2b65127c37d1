import type { DB } from '@db/schema'
import {
  AUTHORIZED_PERSON_FIELDS,
  CHILD_FIELDS,
  FAMILY_FIELDS,
  type FieldSpec,
  GUARDIAN_FIELDS,
  HEALTH_CONDITION_FIELDS,
  VACCINATION_FIELDS,
} from '@shared/fields/index'
import type { Kysely } from 'kysely'

export type RecordTable =
  | 'families'
  | 'guardians'
  | 'children'
  | 'authorized_persons'
  | 'vaccinations'
  | 'health_conditions'

export interface Scope {
  familyId: number | null
  childId: number | null
}

/** A kind of record staff edit field by field, with versions and an audit trail. */
export interface Entity {
  table: RecordTable
  /** entity_type in the audit log. */
  type: string
  /** French name for messages: "Personne autorisée introuvable." */
  name: string
  fields: readonly FieldSpec[]
  /** Health data: only roles allowed to see health data read or change it. */
  health: boolean
  /** Column linking the record to its parent, for creation. */
  parentColumn: 'family_id' | 'child_id' | null
}

export const FAMILY: Entity = {
  table: 'families',
  type: 'family',
  name: 'Famille',
  fields: FAMILY_FIELDS,
  health: false,
  parentColumn: null,
}
export const GUARDIAN: Entity = {
  table: 'guardians',
  type: 'guardian',
  name: 'Responsable',
  fields: GUARDIAN_FIELDS,
  health: false,
  parentColumn: 'family_id',
}
export const CHILD: Entity = {
  table: 'children',
  type: 'child',
  name: 'Enfant',
  fields: CHILD_FIELDS,
  health: false,
  parentColumn: 'family_id',
}
export const AUTHORIZED_PERSON: Entity = {
  table: 'authorized_persons',
  type: 'authorized_person',
  name: 'Personne autorisée',
  fields: AUTHORIZED_PERSON_FIELDS,
  health: false,
  parentColumn: 'child_id',
}
export const VACCINATION: Entity = {
  table: 'vaccinations',
  type: 'vaccination',
  name: 'Vaccination',
  fields: VACCINATION_FIELDS,
  health: true,
  parentColumn: 'child_id',
}
export const HEALTH_CONDITION: Entity = {
  table: 'health_conditions',
  type: 'health_condition',
  name: 'Donnée de santé',
  fields: HEALTH_CONDITION_FIELDS,
  health: true,
  parentColumn: 'child_id',
}

export const ENTITIES: readonly Entity[] = [
  FAMILY,
  GUARDIAN,
  CHILD,
  AUTHORIZED_PERSON,
  VACCINATION,
  HEALTH_CONDITION,
]

/** The family and child a row belongs to, for its audit entries. */
export async function scopeOf(trx: Kysely<DB>, entity: Entity, row: Record<string, unknown>): Promise<Scope> {
  switch (entity.table) {
    case 'families':
      return { familyId: row.id as number, childId: null }
    case 'guardians':
      return { familyId: row.family_id as number, childId: null }
    case 'children':
      return { familyId: row.family_id as number, childId: row.id as number }
    default: {
      const childId = row.child_id as number
      const child = await trx
        .selectFrom('children')
        .select('family_id')
        .where('id', '=', childId)
        .executeTakeFirst()
      return { familyId: child?.family_id ?? null, childId }
    }
  }
}
