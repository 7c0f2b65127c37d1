import type { DB } from '@db/schema'
import { labelOf } from '@shared/domain/options'
import { CIVILITIES } from '@shared/domain/people'
import type { Kysely } from 'kysely'
import { chunks } from './chunks'

interface NameRow {
  id: number
  number: string
  last_name: string | null
  first_name: string | null
  civility: string | null
}

const names = (db: Kysely<DB>) =>
  db
    .selectFrom('families as f')
    .leftJoin('guardians as g', (j) => j.onRef('g.family_id', '=', 'f.id').on('g.role', '=', 'responsable'))
    .select(['f.id', 'f.number', 'g.last_name', 'g.first_name', 'g.civility'])

function namesOf(row: NameRow) {
  const name = `${row.last_name ?? ''} ${row.first_name ?? ''}`.trim()
  const greeting = [labelOf(CIVILITIES, row.civility), name].filter(Boolean).join(' ') || 'Madame, Monsieur'
  return { id: row.id, number: row.number, name, greeting }
}

/** The family as staff name it (its number, its responsable) and as a reply greets it. */
export async function familyNames(db: Kysely<DB>, familyId: number) {
  return namesOf(await names(db).where('f.id', '=', familyId).executeTakeFirstOrThrow())
}

/** How a reply greets each of these families, read at once (bulk validation). */
export async function familyGreetings(db: Kysely<DB>, familyIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  for (const part of chunks([...new Set(familyIds)]))
    for (const row of await names(db).where('f.id', 'in', part).execute())
      out.set(row.id, namesOf(row).greeting)
  return out
}
