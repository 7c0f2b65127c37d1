import type { DB } from '@db/schema'
import { CompiledQuery, type Kysely } from 'kysely'
import type { OpenPostgres } from '../src-main/backend/db/postgres/open'
import { rowsPerInsert } from '../src-main/backend/transfer/target'
import type { SyntheticSet } from '../tests/helpers/synthetic-family-files'
import { rowCount } from './csv-limit'

// The server's limit the CSV import is compared with (server-mode.ts), as
// csv-limit.ts is the file's: the same rows of the synthetic set, in one
// transaction, without reading, checking or auditing anything, the search
// indexes rebuilt once at the end (storage.search.rebuiltAfter, as the import
// does). On a server one statement per row would measure the round trips, so
// the rows go by multi-row INSERT (as many per statement as the transfer
// sends, transfer/target.ts rowsPerInsert), their ids back by RETURNING.

type Row = Record<string, unknown>

/** `INSERT INTO table (columns) VALUES ($1, …), (…) RETURNING id` for `rows` rows, built once per size. */
function insertText(table: string, columns: string[], rows: number): string {
  const tuples: string[] = []
  for (let r = 0; r < rows; r++)
    tuples.push(`(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} RETURNING id`
}

/** Inserts `rows` (linked to their parent by `link`) by multi-row INSERT; returns the new ids by `key`. */
async function insertAll(
  trx: Kysely<DB>,
  table: string,
  rows: Row[],
  link: (row: Row) => Row,
  key: string,
  stamps: unknown[],
  stampColumns: string[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  if (rows.length === 0) return ids
  const columns = [...Object.keys(link(rows[0])), ...stampColumns]
  const size = rowsPerInsert(columns.length)
  const texts = new Map<number, string>()
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size)
    const params: unknown[] = []
    for (const row of chunk) params.push(...Object.values(link(row)), ...stamps)
    let text = texts.get(chunk.length)
    if (!text) {
      text = insertText(table, columns, chunk.length)
      texts.set(chunk.length, text)
    }
    const result = await trx.executeQuery<{ id: number }>(CompiledQuery.raw(text, params))
    result.rows.forEach((inserted, i) => {
      ids.set(String(chunk[i][key]), Number(inserted.id))
    })
  }
  return ids
}

/** The limit on the server: every row of the set, with its family or child id, in one transaction. */
export async function bareInsertPostgres(server: OpenPostgres, set: SyntheticSet): Promise<number> {
  const now = new Date().toISOString()
  const both = ['created_at', 'updated_at']
  await server.db.transaction().execute((trx) =>
    server.storage.search.rebuiltAfter(trx, async () => {
      const families = await insertAll(
        trx,
        'families',
        set.families,
        (row) => row,
        'number',
        [now, now],
        both,
      )
      const byNumber = ({ number, ...rest }: Row) => ({ family_id: families.get(String(number)), ...rest })
      await insertAll(
        trx,
        'family_quotients',
        set.quotients,
        (q) => ({
          family_id: families.get(String(q.number)),
          qf: q.qf,
          valid_from: q.valid_from,
          valid_to: q.valid_to,
        }),
        'number',
        [now],
        ['created_at'],
      )
      await insertAll(trx, 'guardians', set.guardians, byNumber, 'number', [now, now], both)
      const children = await insertAll(
        trx,
        'children',
        set.children,
        byNumber,
        'identifier',
        [now, now],
        both,
      )
      const byChild = ({ identifier, ...rest }: Row) => ({
        child_id: children.get(String(identifier)),
        ...rest,
      })
      await insertAll(trx, 'authorized_persons', set.persons, byChild, 'number', [now, now], both)
      await insertAll(trx, 'vaccinations', set.vaccinations, byChild, 'number', [now, now], both)
    }),
  )
  return rowCount(set)
}
