import type { Database } from 'better-sqlite3-multiple-ciphers'
import { anonymisedOn, type IdentifierKind } from '../../retention/identifiers'

// The records of the database a file set speaks of, loaded with one query
// per table whatever the size of the set (the keys go in as one JSON array):
// an import of ten families into a city's database reads ten families, an
// import of a hundred thousand reads them in a few statements.

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

const keys = (values: Iterable<string | number>) => JSON.stringify([...values])

export class ExistingRecords {
  constructor(private readonly sqlite: Database) {}

  families(numbers: Iterable<string>): Map<string, DbRow> {
    const rows = this.sqlite
      .prepare('SELECT * FROM families WHERE number IN (SELECT value FROM json_each(?))')
      .all(keys(numbers)) as (DbRow & { number: string })[]
    return new Map(rows.map((row) => [row.number, row]))
  }

  /** By "family id|role". */
  guardians(familyIds: Iterable<number>): Map<string, DbRow> {
    const rows = this.sqlite
      .prepare('SELECT * FROM guardians WHERE family_id IN (SELECT value FROM json_each(?))')
      .all(keys(familyIds)) as (DbRow & { family_id: number; role: string })[]
    return new Map(rows.map((row) => [`${row.family_id}|${row.role}`, row]))
  }

  children(identifiers: Iterable<string>): Map<string, ExistingChild> {
    const rows = this.sqlite
      .prepare(
        `SELECT c.*, f.number AS family_number FROM children c JOIN families f ON f.id = c.family_id
         WHERE c.identifier IN (SELECT value FROM json_each(?))`,
      )
      .all(keys(identifiers)) as (ExistingChild & { identifier: string })[]
    return new Map(rows.map((row) => [row.identifier, row]))
  }

  /** The rows of a child table (authorized_persons, vaccinations, health_conditions) for these children. */
  childItems(
    table: 'authorized_persons' | 'vaccinations' | 'health_conditions',
    childIds: Iterable<number>,
  ): DbRow[] {
    return this.sqlite
      .prepare(`SELECT * FROM ${table} WHERE child_id IN (SELECT value FROM json_each(?))`)
      .all(keys(childIds)) as DbRow[]
  }

  /** Each family's quotients, oldest first. */
  quotients(familyIds: Iterable<number>): Map<number, ExistingQuotient[]> {
    const rows = this.sqlite
      .prepare(
        `SELECT id, family_id, qf, valid_from, valid_to FROM family_quotients
         WHERE family_id IN (SELECT value FROM json_each(?)) ORDER BY valid_from, id`,
      )
      .all(keys(familyIds)) as ExistingQuotient[]
    const byFamily = new Map<number, ExistingQuotient[]>()
    for (const row of rows) {
      const list = byFamily.get(row.family_id) ?? []
      list.push(row)
      byFamily.set(row.family_id, list)
    }
    return byFamily
  }

  /** Responsables of other families bearing one of these last names (to spot a family under two numbers). */
  responsablesNamed(lastNames: Iterable<string>): ResponsableSummary[] {
    return this.sqlite
      .prepare(
        `SELECT f.number AS family_number, g.last_name, g.first_name, g.email, g.mobile_phone
         FROM guardians g JOIN families f ON f.id = g.family_id
         WHERE g.role = 'responsable' AND g.last_name IN (SELECT value FROM json_each(?))`,
      )
      .all(keys(lastNames)) as ResponsableSummary[]
  }

  /** Families whose number is one of `numbers`, with their responsable's name (to propose a near number). */
  familiesNumbered(numbers: readonly string[]): { number: string; name: string }[] {
    return this.sqlite
      .prepare(
        `SELECT f.number AS number, trim(coalesce(g.last_name, '') || ' ' || coalesce(g.first_name, '')) AS name
         FROM families f LEFT JOIN guardians g ON g.family_id = f.id AND g.role = 'responsable'
         WHERE f.number IN (SELECT value FROM json_each(?)) ORDER BY f.number`,
      )
      .all(keys(numbers)) as { number: string; name: string }[]
  }

  /** Children whose Identifiant is one of `identifiers`, with their name. */
  childrenIdentified(identifiers: readonly string[]): { number: string; name: string }[] {
    return this.sqlite
      .prepare(
        `SELECT identifier AS number, trim(last_name || ' ' || first_name) AS name FROM children
         WHERE identifier IN (SELECT value FROM json_each(?)) ORDER BY identifier`,
      )
      .all(keys(identifiers)) as { number: string; name: string }[]
  }

  /** Whether anything of this kind was ever anonymised: read once per comparison, in its transaction. */
  private readonly anonymisedKinds = new Map<IdentifierKind, boolean>()

  /**
   * When this family number or child identifier was anonymised
   * (docs/conservation.md), or null. Asked for every family and child an
   * import creates: where nothing of the kind was ever anonymised (a
   * commune's first import), no digest is worth computing.
   */
  anonymisedOn(kind: IdentifierKind, value: string): string | null {
    let any = this.anonymisedKinds.get(kind)
    if (any === undefined) {
      any =
        this.sqlite.prepare('SELECT 1 FROM anonymised_identifiers WHERE kind = ? LIMIT 1').get(kind) !==
        undefined
      this.anonymisedKinds.set(kind, any)
    }
    return any ? anonymisedOn(this.sqlite, kind, value) : null
  }

  vaccineProducts(): { id: number; name: string }[] {
    return this.sqlite.prepare('SELECT id, name FROM vaccine_products').all() as {
      id: number
      name: string
    }[]
  }
}
