import type { DB } from '@db/schema'
import { CompiledQuery, type Kysely } from 'kysely'
import { type IdentifierKind, identifierDigest } from '../../retention/identifiers'

// The records of the database a file set speaks of, loaded with one query
// per table and batch of keys whatever the size of the set: an import of ten
// families into a city's database reads ten families, an import of a hundred
// thousand reads them in a few statements. The embedded file reads them
// through prepared statements, the keys as one JSON array (json_each:
// db/storage/sqlite/csv-import/existing.ts); a PostgreSQL server through the
// import's transaction, the keys as one array parameter (= ANY ($1), below).
// Both answer the same rows; storage.csvImport.existing(trx) gives the one of
// the storage.

export type DbRow = Record<string, unknown> & { id: number; version: number }

export interface ExistingChild extends DbRow {
  family_id: number
  family_number: string
}

export interface ExistingQuotient {
  id: number
  family_id: number
  qf: number
  valid_from: string
  valid_to: string | null
}

export interface ResponsableSummary {
  family_number: string
  last_name: string
  first_name: string
  email: string | null
  mobile_phone: string | null
}

export type ChildItemTable = 'authorized_persons' | 'vaccinations' | 'health_conditions'

/** What the comparison reads of the database, in the transaction it runs in (plan/**). */
export interface ExistingRecords {
  families(numbers: readonly string[]): Promise<Map<string, DbRow>>
  /** By "family id|role". */
  guardians(familyIds: readonly number[]): Promise<Map<string, DbRow>>
  children(identifiers: readonly string[]): Promise<Map<string, ExistingChild>>
  /** The rows of a child table (authorized_persons, vaccinations, health_conditions) for these children. */
  childItems(table: ChildItemTable, childIds: readonly number[]): Promise<DbRow[]>
  /** Each family's quotients, oldest first. */
  quotients(familyIds: readonly number[]): Promise<Map<number, ExistingQuotient[]>>
  /** Responsables of other families bearing one of these last names (to spot a family under two numbers). */
  responsablesNamed(lastNames: readonly string[]): Promise<ResponsableSummary[]>
  /** Families whose number is one of `numbers`, with their responsable's name (to propose a near number). */
  familiesNumbered(numbers: readonly string[]): Promise<{ number: string; name: string }[]>
  /** Children whose Identifiant is one of `identifiers`, with their name. */
  childrenIdentified(identifiers: readonly string[]): Promise<{ number: string; name: string }[]>
  /**
   * When each of these family numbers or child identifiers was anonymised
   * (docs/conservation.md), for those that were. Asked for the families and
   * children an import may create: where nothing of the kind was ever
   * anonymised (a commune's first import), no digest is worth computing.
   */
  anonymised(kind: IdentifierKind, values: readonly string[]): Promise<Map<string, string>>
  vaccineProducts(): Promise<{ id: number; name: string }[]>
}

export function byFamily(rows: ExistingQuotient[]): Map<number, ExistingQuotient[]> {
  const map = new Map<number, ExistingQuotient[]>()
  for (const row of rows) {
    const list = map.get(row.family_id) ?? []
    list.push(row)
    map.set(row.family_id, list)
  }
  return map
}

export const FAMILIES_NUMBERED = `SELECT f.number AS number, trim(coalesce(g.last_name, '') || ' ' || coalesce(g.first_name, '')) AS name
  FROM families f LEFT JOIN guardians g ON g.family_id = f.id AND g.role = 'responsable'`
export const CHILDREN_IDENTIFIED = `SELECT identifier AS number, trim(last_name || ' ' || first_name) AS name FROM children`
export const RESPONSABLES = `SELECT f.number AS family_number, g.last_name, g.first_name, g.email, g.mobile_phone
  FROM guardians g JOIN families f ON f.id = g.family_id WHERE g.role = 'responsable'`
export const CHILDREN =
  'SELECT c.*, f.number AS family_number FROM children c JOIN families f ON f.id = c.family_id'
export const QUOTIENTS = 'SELECT id, family_id, qf, valid_from, valid_to FROM family_quotients'

/**
 * Whether anything of each kind was ever anonymised, read once per
 * comparison, then the digests of the values asked for.
 */
export abstract class AnonymisedLookup {
  private readonly anyOf = new Map<IdentifierKind, boolean>()
  protected abstract any(kind: IdentifierKind): Promise<boolean>
  protected abstract lookup(
    kind: IdentifierKind,
    digests: string[],
  ): Promise<{ digest: string; at: string }[]>

  async anonymised(kind: IdentifierKind, values: readonly string[]): Promise<Map<string, string>> {
    let any = this.anyOf.get(kind)
    if (any === undefined) {
      any = await this.any(kind)
      this.anyOf.set(kind, any)
    }
    const found = new Map<string, string>()
    if (!any || values.length === 0) return found
    const byDigest = new Map(values.map((value) => [identifierDigest(kind, value), value]))
    for (const row of await this.lookup(kind, [...byDigest.keys()]))
      found.set(byDigest.get(row.digest)!, row.at)
    return found
  }
}

/** A server's reads: the same queries through the import's transaction (`trx`), the keys as one array parameter. */
export class PostgresExistingRecords extends AnonymisedLookup implements ExistingRecords {
  constructor(private readonly trx: Kysely<DB>) {
    super()
  }

  private async all<T>(text: string, values: readonly unknown[]): Promise<T[]> {
    return (await this.trx.executeQuery<T>(CompiledQuery.raw(text, [...values]))).rows
  }

  async families(numbers: readonly string[]): Promise<Map<string, DbRow>> {
    const rows = await this.all<DbRow & { number: string }>(
      'SELECT * FROM families WHERE number = ANY ($1)',
      [[...numbers]],
    )
    return new Map(rows.map((row) => [row.number, row]))
  }

  async guardians(familyIds: readonly number[]): Promise<Map<string, DbRow>> {
    const rows = await this.all<DbRow & { family_id: number; role: string }>(
      'SELECT * FROM guardians WHERE family_id = ANY ($1)',
      [[...familyIds]],
    )
    return new Map(rows.map((row) => [`${row.family_id}|${row.role}`, row]))
  }

  async children(identifiers: readonly string[]): Promise<Map<string, ExistingChild>> {
    const rows = await this.all<ExistingChild & { identifier: string }>(
      `${CHILDREN} WHERE c.identifier = ANY ($1)`,
      [[...identifiers]],
    )
    return new Map(rows.map((row) => [row.identifier, row]))
  }

  async childItems(table: ChildItemTable, childIds: readonly number[]): Promise<DbRow[]> {
    // The same order as SQLite's (its rowid): rows sharing a key are told apart by it (plan/items.ts).
    return this.all<DbRow>(`SELECT * FROM ${table} WHERE child_id = ANY ($1) ORDER BY id`, [[...childIds]])
  }

  async quotients(familyIds: readonly number[]): Promise<Map<number, ExistingQuotient[]>> {
    const rows = await this.all<ExistingQuotient>(
      `${QUOTIENTS} WHERE family_id = ANY ($1) ORDER BY valid_from, id`,
      [[...familyIds]],
    )
    return byFamily(rows)
  }

  async responsablesNamed(lastNames: readonly string[]): Promise<ResponsableSummary[]> {
    return this.all<ResponsableSummary>(`${RESPONSABLES} AND g.last_name = ANY ($1) ORDER BY g.id`, [
      [...lastNames],
    ])
  }

  async familiesNumbered(numbers: readonly string[]): Promise<{ number: string; name: string }[]> {
    return this.all(`${FAMILIES_NUMBERED} WHERE f.number = ANY ($1) ORDER BY f.number`, [[...numbers]])
  }

  async childrenIdentified(identifiers: readonly string[]): Promise<{ number: string; name: string }[]> {
    return this.all(`${CHILDREN_IDENTIFIED} WHERE identifier = ANY ($1) ORDER BY identifier`, [
      [...identifiers],
    ])
  }

  protected async any(kind: IdentifierKind): Promise<boolean> {
    return (
      (await this.all('SELECT 1 AS one FROM anonymised_identifiers WHERE kind = $1 LIMIT 1', [kind])).length >
      0
    )
  }

  protected async lookup(kind: IdentifierKind, digests: string[]) {
    return this.all<{ digest: string; at: string }>(
      'SELECT digest, anonymised_at AS at FROM anonymised_identifiers WHERE kind = $1 AND digest = ANY ($2)',
      [kind, digests],
    )
  }

  async vaccineProducts(): Promise<{ id: number; name: string }[]> {
    return this.all('SELECT id, name FROM vaccine_products ORDER BY id', [])
  }
}
