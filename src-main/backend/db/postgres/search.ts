import type { DB } from '@db/schema'
import type { SearchPage } from '@shared/contract/search'
import { CompiledQuery, type Kysely, sql } from 'kysely'
import { searchTerms } from '../../search/match-query'
import type { IndexedList, PageRequest } from '../../search/page'
import type { SearchStorage } from '../storage/types'

// The Familles and Enfants lists on PostgreSQL: the same pages as FTS5
// (db/storage/sqlite/search.ts), from the search tables of the baseline
// (db/postgres/baseline/search.ts): every word typed is a prefix of a word
// of the row, words cut and folded on both sides by marelle_words().

type Values = Record<string, unknown>

/** `text` with its @names (the lists' @today, and ours) as $1, $2… in order of first use. */
export function bind(text: string, values: Values): CompiledQuery {
  const order: string[] = []
  const compiled = text.replace(/@([a-z_]+)/g, (_all, name: string) => {
    if (!(name in values)) throw new Error(`No value for @${name}`)
    if (!order.includes(name)) order.push(name)
    return `$${order.indexOf(name) + 1}`
  })
  return CompiledQuery.raw(
    compiled,
    order.map((name) => values[name]),
  )
}

/** The tsquery of the words in @terms: each one, folded as the rows are, as a prefix. */
const QUERY = `(SELECT string_agg(quote_literal(lower(marelle_strip_marks(t) COLLATE "und-x-icu")) || ':*', ' & ')::tsquery
  FROM unnest(@terms::text[]) AS t)`

/** Up to this many matches, the page looks each one's order up by key rather than reading the whole order. */
const FEW_MATCHES = 10_000

async function searchPage<Raw, Row>(
  db: Kysely<DB>,
  list: IndexedList<Raw, Row>,
  request: PageRequest,
  fewMatches: number,
): Promise<SearchPage<Row>> {
  const terms = searchTerms(request.query)
  const values: Values = { today: request.today, limit: request.limit, offset: request.offset, terms }
  const run = async <T>(text: string) => (await db.executeQuery<T>(bind(text, values))).rows
  const count = async (text: string) => Number((await run<{ n: number }>(text))[0].n)
  const key = `${list.kind}_id`
  const order = `${list.kind}_search_order`
  const matches = `FROM ${list.kind}_search s WHERE s.words @@ ${QUERY}`
  const all =
    terms.length === 0
      ? await count(`SELECT count(*) AS n FROM ${list.table}`)
      : await count(`SELECT count(*) AS n ${matches}`)
  // The planner cannot know how many rows a prefix matches (the query is computed): it joins the
  // alphabetical order by hashing all of it, a read of every row whatever the search. When the count
  // says the matches are few, each one's order is looked up by its key instead, the subquery kept
  // apart (OFFSET 0) so that the planner does not turn it back into that join: at 100,000 families,
  // a telephone number's page in 0.2 ms instead of 14 (docs/architecture.md, « PostgreSQL »).
  const ordered =
    all <= fewMatches
      ? `CROSS JOIN LATERAL (SELECT o.${key}, o.sort_key FROM ${order} o WHERE o.${key} = s.rowid OFFSET 0) o`
      : `JOIN ${order} o ON o.${key} = s.rowid`
  const matching = `FROM ${list.kind}_search s ${ordered} WHERE s.words @@ ${QUERY}`
  const archived = `EXISTS (SELECT 1 FROM families a WHERE a.id = ${list.familyOf} AND a.archived_on <= @today)`
  // Most days no family is archived yet: then the lists are read without the filter.
  const anyArchived =
    !request.includeArchived &&
    // The partial index's own condition: read from it, statistics or not.
    (
      await run(
        'SELECT 1 AS one FROM families WHERE archived_on IS NOT NULL AND archived_on <= @today LIMIT 1',
      )
    ).length > 0
  const active = anyArchived ? `AND NOT ${archived}` : ''
  const pageSql =
    terms.length === 0
      ? `SELECT o.${key} AS id, o.sort_key FROM ${order} o WHERE 1 = 1 ${active}
         ORDER BY o.sort_key LIMIT @limit OFFSET @offset`
      : `SELECT o.${key} AS id, o.sort_key ${matching} ${active} ORDER BY o.sort_key LIMIT @limit OFFSET @offset`
  const raws = await run<Raw>(`WITH page AS (${pageSql}) ${list.rowsSql} ORDER BY page.sort_key`)
  const archivedCount = !anyArchived
    ? 0
    : terms.length === 0
      ? await count(`SELECT n FROM (${list.archivedCountSql}) AS counted(n)`)
      : await count(`SELECT count(*) AS n ${matching} AND ${archived}`)
  return { rows: raws.map(list.toRow), total: all - archivedCount, archivedLeftOut: archivedCount }
}

/** Every row of both indexes written again from the source views (after a bulk write with the triggers paused). */
async function rebuild(trx: Kysely<DB>): Promise<void> {
  await sql`DELETE FROM family_search`.execute(trx)
  await sql`DELETE FROM family_search_order`.execute(trx)
  await sql`INSERT INTO family_search (rowid, number, names, contacts, children)
    SELECT id, number, names, contacts, children FROM family_search_source`.execute(trx)
  await sql`INSERT INTO family_search_order (family_id, sort_key) SELECT id, sort_key FROM family_search_source`.execute(
    trx,
  )
  await sql`DELETE FROM child_search`.execute(trx)
  await sql`DELETE FROM child_search_order`.execute(trx)
  await sql`INSERT INTO child_search (rowid, identifier, names, family_number)
    SELECT id, identifier, names, family_number FROM child_search_source`.execute(trx)
  await sql`INSERT INTO child_search_order (child_id, sort_key) SELECT id, sort_key FROM child_search_source`.execute(
    trx,
  )
}

/** `fewMatches`: FEW_MATCHES, or another bound for the tests of both ways of reading the order. */
export function postgresSearch(db: Kysely<DB>, fewMatches = FEW_MATCHES): SearchStorage {
  return {
    page: (list, request) => searchPage(db, list, request, fewMatches),
    async rebuiltAfter(trx, work) {
      await trx.updateTable('search_control').set({ paused: 1 }).execute()
      const result = await work()
      await rebuild(trx)
      await trx.updateTable('search_control').set({ paused: 0 }).execute()
      return result
    },
    async forget(trx, childIds, familyIds) {
      if (familyIds.length > 0) {
        await sql`DELETE FROM family_search WHERE rowid = ANY (${[...familyIds]})`.execute(trx)
        await sql`DELETE FROM family_search_order WHERE family_id = ANY (${[...familyIds]})`.execute(trx)
      }
      if (childIds.length > 0) {
        await sql`DELETE FROM child_search WHERE rowid = ANY (${[...childIds]})`.execute(trx)
        await sql`DELETE FROM child_search_order WHERE child_id = ANY (${[...childIds]})`.execute(trx)
      }
    },
  }
}
