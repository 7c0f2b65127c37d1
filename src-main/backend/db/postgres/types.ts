import pg from 'pg'

// How PostgreSQL's values come back to the services, so that they read the
// same JavaScript values as on SQLite (docs/architecture.md, « PostgreSQL »).
// The parsers belong to each pool (never pg's global table): nothing else in
// the process changes.

const OID = {
  bool: 16,
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const

/** bigint (ids, 12-digit numbers, count(*)): a JS number, refused beyond Number.MAX_SAFE_INTEGER. */
export function parseInt8(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value))
    throw new RangeError(`PostgreSQL bigint ${text} is beyond Number.MAX_SAFE_INTEGER`)
  return value
}

/** numeric (sum() of bigint, avg()): a JS number, refused when an integer part is beyond exact range. */
export function parseNumeric(text: string): number {
  const value = Number(text)
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
    throw new RangeError(`PostgreSQL numeric ${text} does not fit a JS number exactly`)
  return value
}

/**
 * timestamptz as the ISO 8601 UTC text the SQLite side stores
 * ('2026-12-02T05:23:32.123Z'). The sessions run with TimeZone=UTC; the
 * offset is read anyway, so any session gives the same text.
 */
export function parseTimestamptz(text: string): string {
  const m =
    /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/.exec(
      text,
    )
  if (!m) throw new RangeError(`PostgreSQL timestamp ${text} not understood`)
  const [, day, time, fraction = '', sign, hh = '00', mm = '00', ss = '00'] = m
  const ms = `${fraction.slice(1)}000`.slice(0, 3)
  const base = Date.parse(`${day}T${time}.${ms}Z`)
  const offset = sign ? (sign === '-' ? -1 : 1) * ((+hh * 60 + +mm) * 60 + +ss) * 1000 : 0
  return new Date(base - offset).toISOString()
}

/** timestamp without time zone: read as UTC, like every instant Marelle stores. */
export const parseTimestamp = (text: string): string =>
  parseTimestamptz(text.replace(/[+-]\d{2}(:?\d{2})?$/, ''))

/** The type table of a Marelle pool: pg's own parsers, except the ones above. */
export function marelleTypes(): pg.CustomTypesConfig {
  const overrides: Record<number, (text: string) => unknown> = {
    [OID.int8]: parseInt8,
    [OID.numeric]: parseNumeric,
    // Booleans computed by a query (x IS NULL, EXISTS …) come back as 1/0, as
    // SQLite gives them; stored flags are integer 0/1 columns on both sides.
    [OID.bool]: (text) => (text === 't' ? 1 : 0),
    // Days stay 'YYYY-MM-DD' text (pg would make a local Date of them).
    [OID.date]: (text) => text,
    [OID.timestamp]: parseTimestamp,
    [OID.timestamptz]: parseTimestamptz,
  }
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if ((format ?? 'text') === 'text' && overrides[oid]) return overrides[oid]
      return pg.types.getTypeParser(oid, format as 'text')
    }) as pg.CustomTypesConfig['getTypeParser'],
  }
}
