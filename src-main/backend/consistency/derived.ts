import type { DB } from '@db/schema'
import { type Kysely, sql } from 'kysely'

// The application's own consistency checks (docs/architecture.md, « Transfert
// vers PostgreSQL », check on a server): the rows that triggers derive from
// the records must agree with them. Neutral SQL, the same on both modes; the
// server itself enforces foreign keys and checks its pages.

interface Count {
  n: number
}

async function count(db: Kysely<DB>, query: ReturnType<typeof sql<Count>>): Promise<number> {
  const result = await query.execute(db)
  return Number(result.rows[0]?.n ?? 0)
}

/** French lines, one per disagreement found (none: consistent). */
export async function derivedProblems(db: Kysely<DB>): Promise<string[]> {
  const problems: string[] = []
  const counts = await sql<{ state: string; kept: number | null; actual: number | null }>`
    SELECT k.state AS state, k.kept AS kept, a.actual AS actual
    FROM (SELECT state, n AS kept FROM request_state_counts) k
    LEFT JOIN (SELECT state, count(*) AS actual FROM requests GROUP BY state) a ON a.state = k.state
    UNION ALL
    SELECT a.state, NULL, a.actual
    FROM (SELECT state, count(*) AS actual FROM requests GROUP BY state) a
    WHERE NOT EXISTS (SELECT 1 FROM request_state_counts k WHERE k.state = a.state)`.execute(db)
  for (const row of counts.rows) {
    const kept = Number(row.kept ?? 0)
    const actual = Number(row.actual ?? 0)
    if (kept !== actual)
      problems.push(
        `Compteurs des demandes : ${kept} demande(s) « ${row.state} » comptée(s) pour ${actual} dans la table des demandes.`,
      )
  }
  // While an import has paused the search triggers, the indexes are rebuilt at its end: nothing to compare.
  const paused = await count(db, sql<Count>`SELECT coalesce(max(paused), 0) AS n FROM search_control`)
  if (paused !== 0) return problems
  const indexes = [
    {
      label: 'familles',
      records: sql<Count>`SELECT count(*) AS n FROM families WHERE anonymised_at IS NULL`,
      order: sql<Count>`SELECT count(*) AS n FROM family_search_order`,
      index: sql<Count>`SELECT count(*) AS n FROM family_search`,
    },
    {
      label: 'enfants',
      records: sql<Count>`SELECT count(*) AS n FROM children WHERE anonymised_at IS NULL`,
      order: sql<Count>`SELECT count(*) AS n FROM child_search_order`,
      index: sql<Count>`SELECT count(*) AS n FROM child_search`,
    },
  ]
  for (const { label, records, order, index } of indexes) {
    const expected = await count(db, records)
    const inOrder = await count(db, order)
    const inIndex = await count(db, index)
    if (inOrder !== expected || inIndex !== expected)
      problems.push(
        `Recherche des ${label} : ${inIndex} ligne(s) dans l’index et ${inOrder} dans l’ordre alphabétique pour ${expected} dossier(s) ; la recherche doit être reconstruite.`,
      )
  }
  return problems
}
