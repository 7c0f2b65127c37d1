import type { SearchPage } from '@shared/contract/search'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { matchExpression } from './match-query'

export interface PageRequest {
  query: string
  limit: number
  offset: number
  /** Archived families (docs/depart-et-archivage.md) are left out unless asked for. */
  includeArchived?: boolean
  /** YYYY-MM-DD in France: a family is archived from its archived_on day. */
  today: string
}

/** One of the two indexed lists: its FTS table, its order table and how to read a page of rows. */
export interface IndexedList<Raw, Row> {
  /** 'family' or 'child': family_search + family_search_order (family_id), and so on. */
  kind: 'family' | 'child'
  /** The whole table, for the total of an empty search. */
  table: 'families' | 'children'
  /** SELECT … FROM page JOIN …: `page` has (id, sort_key) and is already cut to the page. */
  rowsSql: string
  /** The family of the order row `o`, as SQL: archived families are filtered on it. */
  familyOf: string
  /** Rows of the list whose family is archived on @today, counted with the partial index on archived_on. */
  archivedCountSql: string
  toRow(raw: Raw): Row
}

/**
 * A page of `list` in name order: every row when the query holds no word,
 * else the rows whose index text has every word as a prefix. SQLite-only
 * (FTS5): a PostgreSQL back-end would answer this with tsvector instead.
 */
export function searchPage<Raw, Row>(
  sqlite: Database,
  list: IndexedList<Raw, Row>,
  request: PageRequest,
): SearchPage<Row> {
  const match = matchExpression(request.query)
  const key = `${list.kind}_id`
  const order = `${list.kind}_search_order`
  const archived = `EXISTS (SELECT 1 FROM families a WHERE a.id = ${list.familyOf} AND a.archived_on <= @today)`
  // Most days no family is archived yet: then the lists are read as before, without the filter.
  const anyArchived =
    !request.includeArchived &&
    sqlite.prepare('SELECT 1 FROM families WHERE archived_on <= ? LIMIT 1').pluck().get(request.today) !==
      undefined
  const active = anyArchived ? `AND NOT ${archived}` : ''
  const pageSql =
    match === null
      ? `SELECT o.${key} AS id, o.sort_key FROM ${order} o WHERE 1 = 1 ${active}
         ORDER BY o.sort_key LIMIT @limit OFFSET @offset`
      : `SELECT o.${key} AS id, o.sort_key FROM ${list.kind}_search s JOIN ${order} o ON o.${key} = s.rowid
         WHERE ${list.kind}_search MATCH @match ${active} ORDER BY o.sort_key LIMIT @limit OFFSET @offset`
  const today = { today: request.today }
  const params = {
    limit: request.limit,
    offset: request.offset,
    ...today,
    ...(match === null ? {} : { match }),
  }
  const raws = sqlite
    .prepare(`WITH page AS (${pageSql}) ${list.rowsSql} ORDER BY page.sort_key`)
    .all(params) as Raw[]
  const count = (sql: string, values: Record<string, string>) =>
    sqlite.prepare(sql).pluck().get(values) as number
  const all =
    match === null
      ? count(`SELECT count(*) FROM ${list.table}`, {})
      : count(`SELECT count(*) FROM ${list.kind}_search WHERE ${list.kind}_search MATCH @match`, { match })
  const matching = `FROM ${list.kind}_search s JOIN ${order} o ON o.${key} = s.rowid WHERE ${list.kind}_search MATCH @match`
  const archivedCount = !anyArchived
    ? 0
    : match === null
      ? count(list.archivedCountSql, today)
      : count(`SELECT count(*) ${matching} AND ${archived}`, { match, ...today })
  return { rows: raws.map(list.toRow), total: all - archivedCount, archivedLeftOut: archivedCount }
}
