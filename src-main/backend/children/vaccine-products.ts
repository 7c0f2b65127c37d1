import type { DB } from '@db/schema'
import { looseKey } from '@shared/domain/options'
import type { Kysely } from 'kysely'

export interface VaccineProduct {
  id: number
  name: string
  diseases: string[]
}

/** The catalogue, with the diseases each product covers. */
export async function vaccineProducts(db: Kysely<DB>): Promise<VaccineProduct[]> {
  const rows = await db
    .selectFrom('vaccine_products as p')
    .leftJoin('vaccine_product_diseases as d', 'd.product_id', 'p.id')
    .select(['p.id', 'p.name', 'd.disease'])
    .orderBy('p.name')
    .execute()
  const byId = new Map<number, VaccineProduct>()
  for (const row of rows) {
    const product = byId.get(row.id) ?? { id: row.id, name: row.name, diseases: [] }
    if (row.disease) product.diseases.push(row.disease)
    byId.set(row.id, product)
  }
  return [...byId.values()]
}

/** The product a typed vaccine name stands for ("pentacoq", "Infanrix hexa"), ignoring case, accents and spaces. */
export function matchProduct(products: VaccineProduct[], name: string): VaccineProduct | null {
  const key = looseKey(name)
  return products.find((p) => looseKey(p.name) === key) ?? null
}
