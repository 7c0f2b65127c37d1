import type { DB } from '@db/schema'
import { labelOf } from '@shared/domain/options'
import { CIVILITIES } from '@shared/domain/people'
import type { Kysely } from 'kysely'

/** The family as staff name it (its number, its responsable) and as a reply greets it. */
export async function familyNames(db: Kysely<DB>, familyId: number) {
  const row = await db
    .selectFrom('families as f')
    .leftJoin('guardians as g', (j) => j.onRef('g.family_id', '=', 'f.id').on('g.role', '=', 'responsable'))
    .select(['f.id', 'f.number', 'g.last_name', 'g.first_name', 'g.civility'])
    .where('f.id', '=', familyId)
    .executeTakeFirstOrThrow()
  const name = `${row.last_name ?? ''} ${row.first_name ?? ''}`.trim()
  const greeting = [labelOf(CIVILITIES, row.civility), name].filter(Boolean).join(' ') || 'Madame, Monsieur'
  return { id: row.id, number: row.number, name, greeting }
}
