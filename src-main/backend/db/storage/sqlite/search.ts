import type { SearchPage } from '@shared/contract/search'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { chunks } from '../../../requests/chunks'
import { matchExpression } from '../../../search/match-query'
import type { IndexedList, PageRequest } from '../../../search/page'
import type { SearchStorage } from '../types'
import { rebuildFamilySearch } from './search-rebuild'

/**
 * A page of `list` in name order: every row when the query holds no word,
 * else the rows whose index text has every word as a prefix (FTS5; the
 * lists themselves are in search/families.ts and search/children.ts).
 */
function searchPage<Raw, Row>(
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

/**
 * Takes rows out of the search indexes for good (retention). The indexes
 * (FTS5, migration family-search) are contentless: a deleted row leaves a
 * tombstone and its words stay in the index segments until they are merged,
 * so 'optimize' then merges every segment into one, without them. Runs on the
 * connection the caller's transaction holds.
 */
function forget(sqlite: Database, childIds: readonly number[], familyIds: readonly number[]): void {
  const lists = [
    { kind: 'child', key: 'child_id', ids: childIds },
    { kind: 'family', key: 'family_id', ids: familyIds },
  ]
  for (const { kind, key, ids } of lists) {
    for (const part of chunks(ids)) {
      const marks = part.map(() => '?').join(', ')
      sqlite.prepare(`DELETE FROM ${kind}_search WHERE rowid IN (${marks})`).run(...part)
      sqlite.prepare(`DELETE FROM ${kind}_search_order WHERE ${key} IN (${marks})`).run(...part)
    }
    sqlite.prepare(`INSERT INTO ${kind}_search (${kind}_search) VALUES ('optimize')`).run()
  }
}

export function sqliteSearch(sqlite: Database): SearchStorage {
  return {
    async page(list, request) {
      return searchPage(sqlite, list, request)
    },
    async forget(_trx, childIds, familyIds) {
      if (!sqlite.inTransaction) throw new Error('search.forget runs inside the caller’s transaction')
      forget(sqlite, childIds, familyIds)
    },
    /** The search triggers silenced, then both indexes rewritten from the data (./search-rebuild.ts). */
    async rebuiltAfter(_trx, work) {
      if (!sqlite.inTransaction) throw new Error('search.rebuiltAfter runs inside the caller’s transaction')
      sqlite.prepare('UPDATE search_control SET paused = 1').run()
      const result = await work()
      rebuildFamilySearch(sqlite)
      return result
    },
  }
}
