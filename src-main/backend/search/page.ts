import type { SearchPage } from '@shared/contract/search'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { matchExpression } from './match-query'

export interface PageRequest {
  query: string
  limit: number
  offset: number
}

/** One of the two indexed lists: its FTS table, its order table and how to read a page of rows. */
export interface IndexedList<Raw, Row> {
  /** 'family' or 'child': family_search + family_search_order (family_id), and so on. */
  kind: 'family' | 'child'
  /** The whole table, for the total of an empty search. */
  table: 'families' | 'children'
  /** SELECT … FROM page JOIN …: `page` has (id, sort_key) and is already cut to the page. */
  rowsSql: string
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
  const pageSql =
    match === null
      ? `SELECT ${key} AS id, sort_key FROM ${order} ORDER BY sort_key LIMIT @limit OFFSET @offset`
      : `SELECT o.${key} AS id, o.sort_key FROM ${list.kind}_search s JOIN ${order} o ON o.${key} = s.rowid
         WHERE ${list.kind}_search MATCH @match ORDER BY o.sort_key LIMIT @limit OFFSET @offset`
  const params = { limit: request.limit, offset: request.offset, ...(match === null ? {} : { match }) }
  const raws = sqlite
    .prepare(`WITH page AS (${pageSql}) ${list.rowsSql} ORDER BY page.sort_key`)
    .all(params) as Raw[]
  const total =
    match === null
      ? (sqlite.prepare(`SELECT count(*) FROM ${list.table}`).pluck().get() as number)
      : (sqlite
          .prepare(`SELECT count(*) FROM ${list.kind}_search WHERE ${list.kind}_search MATCH ?`)
          .pluck()
          .get(match) as number)
  return { rows: raws.map(list.toRow), total }
}
