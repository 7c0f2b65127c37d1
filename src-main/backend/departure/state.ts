import { type RawBuilder, sql } from 'kysely'

// A family's archived state (docs/depart-et-archivage.md): families.archived_on
// holds the day its last child left, once every child has a departure date
// (kept by triggers, migration 20261202-0200-departure). The family is
// archived from that day on, so that a departure recorded in advance
// archives it on the day without any writer.

/** The column, for the other services (retention, access export). */
export const ARCHIVED_ON_COLUMN = 'archived_on'

/** True when a family whose families.archived_on is `archivedOn` is archived on `today` (YYYY-MM-DD). */
export function isFamilyArchived(archivedOn: string | null, today: string): boolean {
  return archivedOn !== null && archivedOn <= today
}

/** SQL: the family (alias `alias`) is archived on `today`. */
export function familyArchived(alias: string, today: string): RawBuilder<boolean> {
  const column = sql.ref(`${alias}.archived_on`)
  return sql<boolean>`(${column} IS NOT NULL AND ${column} <= ${today})`
}

/** SQL: the family (alias `alias`) is in the working lists on `today` (not archived). */
export function familyActive(alias: string, today: string): RawBuilder<boolean> {
  const column = sql.ref(`${alias}.archived_on`)
  return sql<boolean>`(${column} IS NULL OR ${column} > ${today})`
}
