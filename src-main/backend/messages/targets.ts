import type { DB } from '@db/schema'
import type { MessageTarget } from '@shared/contract/messages'
import { type Kysely, sql } from 'kysely'
import { attending, completeOn } from '../completeness/query'
import { familyActive } from '../departure/state'
import { notFound } from '../errors'

// The children (and their families) a message's target chooses
// (docs/messages.md, « Destinataires »). Always children still attending on
// the day, except for a single family, which staff named themselves.

export interface TargetChild {
  familyId: number
  /** Null only for a family without any attending child. */
  childId: number | null
}

/** The matching (family, child) pairs, family by family, children by first name. */
export async function targetChildren(
  db: Kysely<DB>,
  target: MessageTarget,
  today: string,
  includeArchived: boolean,
): Promise<TargetChild[]> {
  if (target.kind === 'family') return familyChildren(db, target.familyId, today)
  const day = target.kind === 'service' || target.kind === 'structure' ? target.date : today
  let query = db
    .selectFrom('children as c')
    .innerJoin('families as f', 'f.id', 'c.family_id')
    .select(['c.family_id as familyId', 'c.id as childId'])
    .where(attending(day) as never)
  if (!includeArchived) query = query.where(familyActive('f', today) as never)
  if (target.kind === 'service' || target.kind === 'structure') {
    const enrolled = db
      .selectFrom('enrolments as e')
      .innerJoin('services as s', 's.id', 'e.service_id')
      .select('e.child_id')
      .where('e.state', '=', 'validee')
      .where('e.starts_on', '<=', day)
      .where((eb) => eb.or([eb('e.ends_on', 'is', null), eb('e.ends_on', '>=', day)]))
    const scoped =
      target.kind === 'service'
        ? enrolled.where('e.service_id', '=', target.serviceId)
        : enrolled.where('s.structure_id', '=', target.structureId)
    await ensureExists(db, target)
    query = query.where('c.id', 'in', scoped)
  } else if (target.kind === 'incomplete') {
    query = query.where(sql<boolean>`${completeOn(today)} = 0`)
  } else {
    // A PAI that ends before the day (health data: the caller checked the role).
    query = query
      .where('c.pai', '=', 1)
      .where('c.pai_valid_until', 'is not', null)
      .where('c.pai_valid_until', '<', target.before)
  }
  return query.orderBy('f.number').orderBy('c.first_name').orderBy('c.id').execute()
}

async function ensureExists(db: Kysely<DB>, target: MessageTarget & { kind: 'service' | 'structure' }) {
  const found =
    target.kind === 'service'
      ? await db.selectFrom('services').select('id').where('id', '=', target.serviceId).executeTakeFirst()
      : await db.selectFrom('structures').select('id').where('id', '=', target.structureId).executeTakeFirst()
  if (!found) throw notFound(target.kind === 'service' ? 'Service' : 'Structure')
}

async function familyChildren(db: Kysely<DB>, familyId: number, today: string): Promise<TargetChild[]> {
  const family = await db.selectFrom('families').select('id').where('id', '=', familyId).executeTakeFirst()
  if (!family) throw notFound('Famille')
  const children = await db
    .selectFrom('children as c')
    .select(['c.family_id as familyId', 'c.id as childId'])
    .where('c.family_id', '=', familyId)
    .where(attending(today) as never)
    .orderBy('c.first_name')
    .orderBy('c.id')
    .execute()
  return children.length > 0 ? children : [{ familyId, childId: null }]
}
