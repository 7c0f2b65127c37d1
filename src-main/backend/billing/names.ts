import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { chunked } from './month-lines'

// Names for the views and documents: the family (its number and
// responsable), children and services, read in a few queries.

export interface FamilyName {
  id: number
  number: string
  name: string
  directDebit: boolean
  address: string[]
}

export async function familyNames(db: Kysely<DB>, ids: number[]): Promise<Map<number, FamilyName>> {
  const rows = await chunked([...new Set(ids)], (slice) =>
    db
      .selectFrom('families')
      .leftJoin('guardians', (j) =>
        j.onRef('guardians.family_id', '=', 'families.id').on('guardians.role', '=', 'responsable'),
      )
      .select([
        'families.id',
        'families.number',
        'families.direct_debit',
        'guardians.civility',
        'guardians.last_name',
        'guardians.first_name',
        'guardians.address_line1',
        'guardians.address_line2',
        'guardians.postal_code',
        'guardians.city',
      ])
      .where('families.id', 'in', slice)
      .execute(),
  )
  const map = new Map<number, FamilyName>()
  for (const r of rows) {
    if (map.has(r.id)) continue
    map.set(r.id, {
      id: r.id,
      number: r.number,
      name: nameOf(r),
      directDebit: r.direct_debit === 1,
      address: [r.address_line1, r.address_line2, [r.postal_code, r.city].filter(Boolean).join(' ')].filter(
        (l): l is string => !!l && l.trim() !== '',
      ),
    })
  }
  return map
}

/** The family as staff call it: its responsable's name, else « Famille N° ». */
function nameOf(r: { number: string; last_name: string | null; first_name: string | null }): string {
  return [r.last_name, r.first_name].filter(Boolean).join(' ') || `Famille ${r.number}`
}

/** Only the number and name of each family, for a city's run (no address: 100,000 of them are held at once). */
export async function familyLabels(
  db: Kysely<DB>,
  ids: number[],
): Promise<Map<number, { number: string; name: string }>> {
  const rows = await chunked([...new Set(ids)], (slice) =>
    db
      .selectFrom('families')
      .leftJoin('guardians', (j) =>
        j.onRef('guardians.family_id', '=', 'families.id').on('guardians.role', '=', 'responsable'),
      )
      .select(['families.id', 'families.number', 'guardians.last_name', 'guardians.first_name'])
      .where('families.id', 'in', slice)
      .execute(),
  )
  const map = new Map<number, { number: string; name: string }>()
  for (const r of rows) if (!map.has(r.id)) map.set(r.id, { number: r.number, name: nameOf(r) })
  return map
}

export async function childNames(db: Kysely<DB>, ids: number[]) {
  const rows = await chunked([...new Set(ids)], (slice) =>
    db
      .selectFrom('children')
      .select(['id', 'identifier', 'last_name', 'first_name'])
      .where('id', 'in', slice)
      .execute(),
  )
  return new Map(
    // join builds one flat string: a long name built by + is a chain of pieces, each held by the view.
    rows.map((r) => [r.id, { identifier: r.identifier, name: [r.first_name, r.last_name].join(' ') }]),
  )
}

export async function serviceNames(db: Kysely<DB>) {
  const rows = await db.selectFrom('services').select(['id', 'code', 'name']).execute()
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]))
}
