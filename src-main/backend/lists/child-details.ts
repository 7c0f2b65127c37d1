import type { DB } from '@db/schema'
import type { ListPerson } from '@shared/contract/lists'
import { RELATIONSHIPS } from '@shared/domain/people'
import type { Kysely } from 'kysely'
import { chunks } from '../requests/chunks'

// What the day's lists print about each child, read in batches: identity and
// class, the file's validation, the persons who may (or may not) pick the
// child up, and the health fields the animateur and the kitchen need (PAI,
// allergens, diet) — never vaccinations or diseases (CNIL: need to know).

export interface ChildDetails {
  childId: number
  identifier: string
  lastName: string
  firstName: string
  school: string | null
  classLevel: string | null
  fileValidated: boolean
  diet: string | null
  pai: boolean
  paiValidUntil: string | null
  paiPackedMeal: boolean
  allergens: string[]
  canPickUp: ListPerson[]
  forbidden: ListPerson[]
  emergency: ListPerson[]
}

const relationshipLabel = new Map<string, string>(RELATIONSHIPS.map((r) => [r.value, r.label]))

export async function loadChildDetails(
  db: Kysely<DB>,
  childIds: number[],
): Promise<Map<number, ChildDetails>> {
  const result = new Map<number, ChildDetails>()
  for (const part of chunks([...new Set(childIds)], 900)) {
    const [children, persons, allergies] = await Promise.all([
      db
        .selectFrom('children')
        .select([
          'id',
          'identifier',
          'last_name',
          'first_name',
          'school',
          'class_level',
          'file_validated_at',
          'diet',
          'pai',
          'pai_valid_until',
          'pai_packed_meal',
        ])
        .where('id', 'in', part)
        .execute(),
      db
        .selectFrom('authorized_persons')
        .select([
          'id',
          'child_id',
          'last_name',
          'first_name',
          'relationship',
          'phone',
          'mobile',
          'notes',
          'can_pick_up',
          'pickup_forbidden',
          'emergency_contact',
        ])
        .where('child_id', 'in', part)
        .orderBy('last_name')
        .orderBy('first_name')
        .execute(),
      db
        .selectFrom('health_conditions')
        .select(['child_id', 'allergen'])
        .where('child_id', 'in', part)
        .where('kind', '=', 'allergie')
        .where('allergen', 'is not', null)
        .execute(),
    ])
    for (const c of children)
      result.set(c.id, {
        childId: c.id,
        identifier: c.identifier,
        lastName: c.last_name,
        firstName: c.first_name,
        school: c.school,
        classLevel: c.class_level,
        fileValidated: c.file_validated_at !== null,
        diet: c.diet,
        pai: c.pai === 1,
        paiValidUntil: c.pai_valid_until,
        paiPackedMeal: c.pai_packed_meal === 1,
        allergens: [],
        canPickUp: [],
        forbidden: [],
        emergency: [],
      })
    for (const p of persons) {
      const child = result.get(p.child_id)
      if (!child) continue
      const person: ListPerson = {
        id: p.id,
        lastName: p.last_name,
        firstName: p.first_name,
        relationship: relationshipLabel.get(p.relationship) ?? p.relationship,
        phone: p.phone,
        mobile: p.mobile,
        notes: p.notes,
      }
      // A forbidden person never counts as allowed, whatever else is ticked.
      if (p.pickup_forbidden === 1) child.forbidden.push(person)
      else if (p.can_pick_up === 1) child.canPickUp.push(person)
      if (p.emergency_contact === 1 && p.pickup_forbidden !== 1) child.emergency.push(person)
    }
    for (const a of allergies) {
      const child = result.get(a.child_id)
      if (child && a.allergen && !child.allergens.includes(a.allergen)) child.allergens.push(a.allergen)
    }
  }
  return result
}
