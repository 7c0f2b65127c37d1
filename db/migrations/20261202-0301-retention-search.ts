import type { Migration } from './types'

// Anonymised families and children leave the search indexes for good
// (docs/conservation.md): the views that say what each index row holds
// (migration family-search) skip them, so that the triggers and a full
// rebuild (demo, CSV import) never put them back, and a family's row no
// longer lists its anonymised children. The views are rewritten from their
// own text, with only the conditions added.

const EDITS: { view: string; from: RegExp; to: string }[] = [
  {
    view: 'family_search_source',
    from: /FROM children c WHERE c\.family_id = f\.id\)/,
    to: 'FROM children c WHERE c.family_id = f.id AND c.anonymised_at IS NULL)',
  },
  {
    view: 'family_search_source',
    from: /FROM families f\s*;?\s*$/,
    to: 'FROM families f WHERE f.anonymised_at IS NULL',
  },
  {
    view: 'child_search_source',
    from: /FROM children c JOIN families f ON f\.id = c\.family_id\s*;?\s*$/,
    to: 'FROM children c JOIN families f ON f.id = c.family_id WHERE c.anonymised_at IS NULL',
  },
]

export const retentionSearch: Migration = {
  name: '20261202-0301-retention-search',
  up(db) {
    const text = new Map<string, string>()
    for (const view of ['family_search_source', 'child_search_source']) {
      const sql = db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?")
        .pluck()
        .get(view)
      if (typeof sql !== 'string') throw new Error(`view ${view} not found`)
      text.set(view, sql)
    }
    for (const edit of EDITS) {
      const before = text.get(edit.view) as string
      if (!edit.from.test(before)) throw new Error(`view ${edit.view}: ${edit.from} not found`)
      text.set(edit.view, before.replace(edit.from, edit.to))
    }
    for (const [view, sql] of text) db.exec(`DROP VIEW ${view}; ${sql};`)
  },
}
