import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { query } from './target'

// The search indexes the transfer rebuilds on the target: SQLite's FTS5
// indexes keep no text to copy (content=''), and PostgreSQL's (db/postgres/
// baseline/search.ts) are rows computed from the records by the functions the
// triggers call, run here on every id once the records are in.

const INDEXES: Record<string, { table: string; refresh: string }> = {
  family_search: { table: 'families', refresh: 'marelle_search_family' },
  child_search: { table: 'children', refresh: 'marelle_search_child' },
}

const IDS_PER_CALL = 5_000

/** Rebuilds the indexes among `rebuilt` (with their `_order` tables); refuses one it does not know. */
export async function rebuildSearch(trx: Kysely<DB>, rebuilt: readonly string[]): Promise<void> {
  for (const name of rebuilt) {
    if (name.endsWith('_order') && rebuilt.includes(name.slice(0, -'_order'.length))) continue
    const index = INDEXES[name]
    if (!index) throw new Error(`No PostgreSQL rebuild known for the search index ${name}`)
    let after = 0
    for (;;) {
      const [last] = await query<{ id: number | null }>(
        trx,
        `WITH ids AS (SELECT id FROM "${index.table}" WHERE id > $1 ORDER BY id LIMIT ${IDS_PER_CALL})
         SELECT ${index.refresh}(ARRAY(SELECT id FROM ids)) AS done, (SELECT max(id) FROM ids) AS id`,
        [after],
      )
      if (last?.id === null || last?.id === undefined) break
      after = Number(last.id)
    }
  }
}
