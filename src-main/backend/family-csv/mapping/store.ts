import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { headerWords } from './propose'
import { parseTarget } from './targets'

// Mappings staff confirmed, by set of headers: the same software's next
// export gets the same mapping, whatever the order of its columns.

export function headerSetKey(headers: readonly string[]): string {
  return JSON.stringify([...new Set(headers.map((h) => headerWords(h).join('') || h.trim()))].sort())
}

/** The saved mapping for these headers, aligned with them, or null. */
export async function loadMapping(
  db: Kysely<DB>,
  headers: readonly string[],
): Promise<(string | null)[] | null> {
  const row = await db
    .selectFrom('csv_column_mappings')
    .select(['headers', 'targets'])
    .where('header_key', '=', headerSetKey(headers))
    .executeTakeFirst()
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

/** Keeps the mapping staff confirmed for these headers, in the caller's transaction. */
export async function saveMapping(
  trx: Kysely<DB>,
  headers: readonly string[],
  targets: readonly (string | null)[],
  staffId: number | null,
  at: string,
): Promise<void> {
  const row = {
    header_key: headerSetKey(headers),
    headers: JSON.stringify(headers),
    targets: JSON.stringify(targets),
    updated_at: at,
    updated_by: staffId,
  }
  await trx
    .insertInto('csv_column_mappings')
    .values(row)
    .onConflict((oc) =>
      oc.column('header_key').doUpdateSet({
        headers: row.headers,
        targets: row.targets,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute()
}
