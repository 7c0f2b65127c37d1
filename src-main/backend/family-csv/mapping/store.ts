import type { Database } from 'better-sqlite3-multiple-ciphers'
import { headerWords } from './propose'
import { parseTarget } from './targets'

// Mappings staff confirmed, by set of headers: the same software's next
// export gets the same mapping, whatever the order of its columns.

export function headerSetKey(headers: readonly string[]): string {
  return JSON.stringify([...new Set(headers.map((h) => headerWords(h).join('') || h.trim()))].sort())
}

/** The saved mapping for these headers, aligned with them, or null. */
export function loadMapping(sqlite: Database, headers: readonly string[]): (string | null)[] | null {
  const row = sqlite
    .prepare('SELECT headers, targets FROM csv_column_mappings WHERE header_key = ?')
    .get(headerSetKey(headers)) as { headers: string; targets: string } | undefined
  if (!row) return null
  const saved = new Map<string, string | null>()
  const savedHeaders = JSON.parse(row.headers) as string[]
  const targets = JSON.parse(row.targets) as (string | null)[]
  savedHeaders.forEach((h, i) => {
    saved.set(headerWords(h).join('') || h.trim(), targets[i] ?? null)
  })
  return headers.map((h) => {
    const target = saved.get(headerWords(h).join('') || h.trim()) ?? null
    return target && parseTarget(target) ? target : null
  })
}

export function saveMapping(
  sqlite: Database,
  headers: readonly string[],
  targets: readonly (string | null)[],
  staffId: number | null,
  at: string,
): void {
  sqlite
    .prepare(
      `INSERT INTO csv_column_mappings (header_key, headers, targets, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (header_key) DO UPDATE SET headers = excluded.headers, targets = excluded.targets,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .run(headerSetKey(headers), JSON.stringify(headers), JSON.stringify(targets), at, staffId)
}
