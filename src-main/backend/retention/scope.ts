import type { DB } from '@db/schema'
import type { RetentionCutoffs } from '@shared/contract/retention'
import { type Kysely, sql } from 'kysely'

// Who a plan anonymises (docs/conservation.md): the children who left on or
// before the cut-off and are not anonymised yet, and the families all of whose
// children are then anonymised (a family with no child at all is left alone:
// it may be a file being entered).

export interface Versioned {
  id: number
  version: number
}

export interface RetentionScope {
  cutoffs: RetentionCutoffs
  children: Versioned[]
  families: Versioned[]
  childIds: number[]
  familyIds: number[]
}

export async function findScope(db: Kysely<DB>, cutoffs: RetentionCutoffs): Promise<RetentionScope> {
  const children = await db
    .selectFrom('children')
    .select(['id', 'version'])
    .where('left_on', 'is not', null)
    .where('left_on', '<=', cutoffs.leftOnOrBefore)
    .where('anonymised_at', 'is', null)
    .orderBy('id')
    .execute()
  const gone = sql<number>`sum(case when c.anonymised_at is not null or (c.left_on is not null and c.left_on <= ${cutoffs.leftOnOrBefore}) then 1 else 0 end)`
  const families = await db
    .selectFrom('families as f')
    .innerJoin('children as c', 'c.family_id', 'f.id')
    .select(['f.id', 'f.version'])
    .where('f.anonymised_at', 'is', null)
    .groupBy(['f.id', 'f.version'])
    .having(sql<number>`count(*)`, '=', gone)
    .orderBy('f.id')
    .execute()
  return {
    cutoffs,
    children,
    families,
    childIds: children.map((c) => c.id),
    familyIds: families.map((f) => f.id),
  }
}
