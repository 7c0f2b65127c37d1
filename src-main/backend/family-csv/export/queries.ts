import type { DB } from '@db/schema'
import { QUOTIENT_FIELDS } from '@shared/fields/index'
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { FamilyFileKey } from '../../csv/index'
import type { FileColumn } from '../columns'

// The export's reads, in SQL that SQLite and PostgreSQL both run
// (docs/architecture.md, « Le stockage »). The families chosen are read a
// page at a time in N° famille order (keyset: `number > last ORDER BY number
// LIMIT n`), and each file's rows of one page in the order they are
// written: families by number, their guardians (responsable first),
// children by Identifiant, each child's items by their matching key. Every
// file holds the rows of the same families. Families and children
// anonymised by retention are left out (docs/conservation.md).

/** Family ids of one page, in N° famille order. */
export type FamilyPage = readonly number[]

interface FileSql {
  /** The file's rows joined to their family `f`. */
  from: string
  /** Rows left out whatever the selection. */
  where: string
  /** The key columns (N° famille, Rôle, Identifiant…) under the names collect.ts reads. */
  keys: string
  order: string
  /** The table alias of a field's column. */
  alias: string
}

const FILES: Record<FamilyFileKey, FileSql> = {
  familles: {
    from: 'families f',
    where: 'f.anonymised_at IS NULL',
    keys: 'f.number AS family_number',
    order: 'f.number',
    alias: 'f',
  },
  responsables: {
    from: 'guardians g JOIN families f ON f.id = g.family_id',
    where: 'f.anonymised_at IS NULL',
    keys: 'f.number AS family_number, g.role',
    order: "f.number, g.role = 'conjoint'",
    alias: 'g',
  },
  enfants: {
    from: 'children c JOIN families f ON f.id = c.family_id',
    where: 'c.anonymised_at IS NULL',
    keys: 'c.identifier, f.number AS family_number',
    order: 'f.number, c.identifier',
    alias: 'c',
  },
  personnesAutorisees: {
    from: 'authorized_persons p JOIN children c ON c.id = p.child_id JOIN families f ON f.id = c.family_id',
    where: '1 = 1',
    keys: 'c.identifier AS child_identifier',
    order: 'f.number, c.identifier, p.last_name, p.first_name, p.id',
    alias: 'p',
  },
  vaccinations: {
    from: 'vaccinations v JOIN children c ON c.id = v.child_id JOIN families f ON f.id = c.family_id',
    where: '1 = 1',
    keys: 'c.identifier AS child_identifier',
    order: 'f.number, c.identifier, v.vaccinated_on, v.vaccine_name, v.id',
    alias: 'v',
  },
  sante: {
    from: 'health_conditions h JOIN children c ON c.id = h.child_id JOIN families f ON f.id = c.family_id',
    where: '1 = 1',
    keys: 'c.identifier AS child_identifier',
    order: 'f.number, c.identifier, h.kind, h.label, h.id',
    alias: 'h',
  },
}

/** familles.csv's quotient columns: the family's quotient valid today, else its latest. */
const QUOTIENT_COLUMNS = new Set(QUOTIENT_FIELDS.map((f) => f.column))

function quotientOfTheDay(today: string): RawBuilder<unknown> {
  return sql`LEFT JOIN family_quotients q ON q.id = (
      SELECT x.id FROM family_quotients x WHERE x.family_id = f.id
      ORDER BY (x.valid_from <= ${today} AND (x.valid_to IS NULL OR x.valid_to >= ${today})) DESC,
        x.valid_from DESC, x.id DESC
      LIMIT 1)`
}

function inPage(page: FamilyPage): RawBuilder<unknown> {
  return sql`f.id IN (${sql.join(page)})`
}

/** One page's rows of one file: the key columns and those of `columns` (health ones left out by the caller). */
export async function pageRows(
  db: Kysely<DB>,
  key: FamilyFileKey,
  columns: readonly FileColumn[],
  page: FamilyPage,
  today: string,
): Promise<Record<string, unknown>[]> {
  const file = FILES[key]
  const fields = columns.flatMap((c) => (c.spec ? [c.spec.column] : []))
  const quotient = key === 'familles' && fields.some((c) => QUOTIENT_COLUMNS.has(c))
  const selected = fields.map((c) =>
    sql.ref(`${quotient && QUOTIENT_COLUMNS.has(c) ? 'q' : file.alias}.${c}`),
  )
  const query = sql<
    Record<string, unknown>
  >`SELECT ${sql.raw(file.keys)}${selected.length > 0 ? sql`, ${sql.join(selected)}` : sql``}
    FROM ${sql.raw(file.from)} ${quotient ? quotientOfTheDay(today) : sql``}
    WHERE ${sql.raw(file.where)} AND ${inPage(page)}
    ORDER BY ${sql.raw(file.order)}`
  return (await query.execute(db)).rows
}

/** The rows of `keys`' files, for the progress bar: of every family, or of these pages. */
export async function countRows(
  db: Kysely<DB>,
  keys: readonly FamilyFileKey[],
  pages: readonly FamilyPage[] | null,
): Promise<number> {
  let total = 0
  for (const key of keys) {
    const { from, where } = FILES[key]
    for (const page of pages ?? [null]) {
      const query = sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.raw(from)}
        WHERE ${sql.raw(where)} AND ${page === null ? sql`1 = 1` : inPage(page)}`
      total += Number((await query.execute(db)).rows[0].n)
    }
  }
  return total
}

/** The next page of every family (anonymised ones too: each file filters its own rows), after N° `after`. */
export async function nextFamilies(
  db: Kysely<DB>,
  after: string | null,
  size: number,
): Promise<{ id: number; number: string }[]> {
  return db
    .selectFrom('families')
    .select(['id', 'number'])
    .$if(after !== null, (q) => q.where('number', '>', after as string))
    .orderBy('number')
    .limit(size)
    .execute()
}

/** The families among `ids` that exist, with their N° famille (in no particular order). */
export async function familyNumbers(
  db: Kysely<DB>,
  ids: readonly number[],
): Promise<{ id: number; number: string }[]> {
  if (ids.length === 0) return []
  return db.selectFrom('families').select(['id', 'number']).where('id', 'in', ids).execute()
}
