import type { Database } from 'better-sqlite3-multiple-ciphers'
import {
  AnonymisedLookup,
  byFamily,
  CHILDREN,
  CHILDREN_IDENTIFIED,
  type ChildItemTable,
  type DbRow,
  type ExistingChild,
  type ExistingQuotient,
  type ExistingRecords,
  FAMILIES_NUMBERED,
  QUOTIENTS,
  RESPONSABLES,
  type ResponsableSummary,
} from '../../../../family-csv/import/existing'
import type { IdentifierKind } from '../../../../retention/identifiers'

// The CSV import's reads of the embedded file (family-csv/import/existing.ts
// says what they are; the server's are beside it there).

const keys = (values: Iterable<string | number>) => JSON.stringify([...values])

/** The embedded file's reads: prepared statements on the import's connection, inside its transaction. */
export class SqliteExistingRecords extends AnonymisedLookup implements ExistingRecords {
  constructor(private readonly sqlite: Database) {
    super()
  }

  async families(numbers: readonly string[]): Promise<Map<string, DbRow>> {
    const rows = this.sqlite
      .prepare('SELECT * FROM families WHERE number IN (SELECT value FROM json_each(?))')
      .all(keys(numbers)) as (DbRow & { number: string })[]
    return new Map(rows.map((row) => [row.number, row]))
  }

  async guardians(familyIds: readonly number[]): Promise<Map<string, DbRow>> {
    const rows = this.sqlite
      .prepare('SELECT * FROM guardians WHERE family_id IN (SELECT value FROM json_each(?))')
      .all(keys(familyIds)) as (DbRow & { family_id: number; role: string })[]
    return new Map(rows.map((row) => [`${row.family_id}|${row.role}`, row]))
  }

  async children(identifiers: readonly string[]): Promise<Map<string, ExistingChild>> {
    const rows = this.sqlite
      .prepare(`${CHILDREN} WHERE c.identifier IN (SELECT value FROM json_each(?))`)
      .all(keys(identifiers)) as (ExistingChild & { identifier: string })[]
    return new Map(rows.map((row) => [row.identifier, row]))
  }

  async childItems(table: ChildItemTable, childIds: readonly number[]): Promise<DbRow[]> {
    return this.sqlite
      .prepare(`SELECT * FROM ${table} WHERE child_id IN (SELECT value FROM json_each(?))`)
      .all(keys(childIds)) as DbRow[]
  }

  async quotients(familyIds: readonly number[]): Promise<Map<number, ExistingQuotient[]>> {
    const rows = this.sqlite
      .prepare(`${QUOTIENTS} WHERE family_id IN (SELECT value FROM json_each(?)) ORDER BY valid_from, id`)
      .all(keys(familyIds)) as ExistingQuotient[]
    return byFamily(rows)
  }

  async responsablesNamed(lastNames: readonly string[]): Promise<ResponsableSummary[]> {
    return this.sqlite
      .prepare(`${RESPONSABLES} AND g.last_name IN (SELECT value FROM json_each(?))`)
      .all(keys(lastNames)) as ResponsableSummary[]
  }

  async familiesNumbered(numbers: readonly string[]): Promise<{ number: string; name: string }[]> {
    return this.sqlite
      .prepare(`${FAMILIES_NUMBERED} WHERE f.number IN (SELECT value FROM json_each(?)) ORDER BY f.number`)
      .all(keys(numbers)) as { number: string; name: string }[]
  }

  async childrenIdentified(identifiers: readonly string[]): Promise<{ number: string; name: string }[]> {
    return this.sqlite
      .prepare(
        `${CHILDREN_IDENTIFIED} WHERE identifier IN (SELECT value FROM json_each(?)) ORDER BY identifier`,
      )
      .all(keys(identifiers)) as { number: string; name: string }[]
  }

  protected async any(kind: IdentifierKind): Promise<boolean> {
    return (
      this.sqlite.prepare('SELECT 1 FROM anonymised_identifiers WHERE kind = ? LIMIT 1').get(kind) !==
      undefined
    )
  }

  protected async lookup(kind: IdentifierKind, digests: string[]) {
    return this.sqlite
      .prepare(
        `SELECT digest, anonymised_at AS at FROM anonymised_identifiers
         WHERE kind = ? AND digest IN (SELECT value FROM json_each(?))`,
      )
      .all(kind, keys(digests)) as { digest: string; at: string }[]
  }

  async vaccineProducts(): Promise<{ id: number; name: string }[]> {
    return this.sqlite.prepare('SELECT id, name FROM vaccine_products').all() as {
      id: number
      name: string
    }[]
  }
}
