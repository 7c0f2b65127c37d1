import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { chunks } from '../requests/chunks'

// A meal order sent to the kitchen keeps the list of children counted then
// (lists/kitchen.ts: id, name, diet, allergens) to show what changed since.
// Retention takes the name and the allergens out of the entries of the
// anonymised children; the entry, its diet and the order's total stay, so
// that the count of meals is unchanged.

interface SnapshotChild {
  id: number
  name: string
  diet: string
  allergens: string[]
}

export const ANONYMOUS_CHILD = 'Enfant anonymisé'

function entries(text: string): SnapshotChild[] {
  try {
    const value = JSON.parse(text) as unknown
    return Array.isArray(value) ? (value as SnapshotChild[]) : []
  } catch {
    return []
  }
}

const PAGE = 2000

/** Ids of the orders whose list holds one of `childIds` with a name or allergens still in it. */
export async function kitchenOrdersHolding(db: Kysely<DB>, childIds: readonly number[]): Promise<number[]> {
  if (childIds.length === 0) return []
  const wanted = new Set(childIds)
  const found: number[] = []
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('kitchen_orders')
      .select(['id', 'children'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute()
    for (const row of rows)
      if (
        entries(row.children).some(
          (c) => wanted.has(c.id) && (c.name !== ANONYMOUS_CHILD || c.allergens.length > 0),
        )
      )
        found.push(row.id)
    if (rows.length < PAGE) return found
    after = rows[rows.length - 1].id
  }
}

/** Rewrites the lists of the orders `ids`, erasing the name and allergens of every child anonymised by then. */
export async function anonymiseKitchenOrders(trx: Kysely<DB>, ids: readonly number[]): Promise<void> {
  for (const part of chunks(ids)) {
    const rows = await trx
      .selectFrom('kitchen_orders')
      .select(['id', 'children'])
      .where('id', 'in', part)
      .execute()
    const childIds = [...new Set(rows.flatMap((r) => entries(r.children).map((c) => c.id)))]
    const anonymised = new Set<number>()
    for (const ids of chunks(childIds))
      for (const c of await trx
        .selectFrom('children')
        .select('id')
        .where('id', 'in', ids)
        .where('anonymised_at', 'is not', null)
        .execute())
        anonymised.add(c.id)
    for (const row of rows) {
      const list = entries(row.children).map((c) =>
        anonymised.has(c.id) ? { ...c, name: ANONYMOUS_CHILD, allergens: [] } : c,
      )
      await trx
        .updateTable('kitchen_orders')
        .set({ children: JSON.stringify(list) })
        .where('id', '=', row.id)
        .execute()
    }
  }
}
