import { createHash } from 'node:crypto'
import type { DB } from '@db/schema'
import { formatInstantDay } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { chunks } from '../requests/chunks'

// Anonymised family numbers and child identifiers are kept only as SHA-256
// digests (docs/conservation.md, « Réimport refusé »): enough to refuse a CSV
// file that would bring the family or the child back, without the number.

export type IdentifierKind = 'family' | 'child'

export function identifierDigest(kind: IdentifierKind, value: string): string {
  return createHash('sha256').update(`marelle:${kind}:${value.trim()}`).digest('hex')
}

/** Records the digests of the numbers (families) or identifiers (children) about to be anonymised. */
export async function rememberAnonymised(
  trx: Kysely<DB>,
  kind: IdentifierKind,
  values: readonly string[],
  now: string,
): Promise<void> {
  for (const part of chunks(values))
    await trx
      .insertInto('anonymised_identifiers')
      .values(part.map((v) => ({ kind, digest: identifierDigest(kind, v), anonymised_at: now })))
      .onConflict((oc) => oc.columns(['kind', 'digest']).doNothing())
      .execute()
}

/** Of `values`, those that were anonymised, with the instant. */
export async function anonymisedAmong(
  db: Kysely<DB>,
  kind: IdentifierKind,
  values: readonly string[],
): Promise<Map<string, string>> {
  const byDigest = new Map(values.map((v) => [identifierDigest(kind, v), v]))
  const found = new Map<string, string>()
  for (const part of chunks([...byDigest.keys()]))
    for (const row of await db
      .selectFrom('anonymised_identifiers')
      .select(['digest', 'anonymised_at'])
      .where('kind', '=', kind)
      .where('digest', 'in', part)
      .execute())
      found.set(byDigest.get(row.digest) as string, row.anonymised_at)
  return found
}

/** A connection that runs a statement at once, as the CSV import's reader does (family-csv/import/existing.ts). */
interface ImmediateReader {
  prepare(source: string): { get(...values: unknown[]): unknown }
}

/**
 * When `value` was anonymised, or null: for the CSV import, which reads the
 * database synchronously (to move behind the storage layer with it, issue 12).
 */
export function anonymisedOn(sqlite: ImmediateReader, kind: IdentifierKind, value: string): string | null {
  const row = sqlite
    .prepare('SELECT anonymised_at FROM anonymised_identifiers WHERE kind = ? AND digest = ?')
    .get(kind, identifierDigest(kind, value)) as { anonymised_at: string } | undefined
  return row?.anonymised_at ?? null
}

/** The CSV import's refusal, in French (the import adds the file and the line). */
export function anonymisedRefusal(kind: IdentifierKind, value: string, at: string): string {
  const day = formatInstantDay(at)
  return kind === 'family'
    ? `la famille ${value} a été anonymisée le ${day}, au terme de sa durée de conservation (Conservation des données) : elle ne peut pas être réimportée. Retirez ses lignes des fichiers.`
    : `l’enfant ${value} a été anonymisé le ${day}, au terme de sa durée de conservation (Conservation des données) : il ne peut pas être réimporté. Retirez ses lignes des fichiers.`
}
