// What a search page is asked and how a list is read; the page itself is the
// storage layer's (ctx.storage.search.page: FTS5 in db/storage/sqlite/search.ts).

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
