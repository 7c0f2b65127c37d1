import { labelOf } from '@shared/domain/options'
import type { FieldSpec } from '@shared/fields/index'
import { normalizePhone } from '@shared/validation/values'
import { csvBoolean, csvDate, csvNumber } from '../csv/index'

// One cell of a family file, both ways: a stored value written as staff read
// it in Excel (dates dd/mm/yyyy, Oui/Non, list values by their French label,
// decimal comma), and a cell read back through the field's own validator, so
// that a CSV cell accepts exactly what the forms accept.

/** The cell text for a value as the database stores it. */
export function formatCell(spec: FieldSpec, stored: unknown): string {
  if (stored === null || stored === undefined) return spec.kind === 'flag' ? csvBoolean(0) : ''
  switch (spec.kind) {
    case 'day':
      return csvDate(String(stored))
    case 'flag':
      return csvBoolean(stored as number)
    case 'option':
      return labelOf(spec.options ?? [], String(stored))
    case 'decimal':
      return csvNumber(stored as number)
    default:
      return String(stored)
  }
}

export type ParsedCell = { ok: true; value: unknown } | { ok: false; message: string }

/** "Absent": an empty Oui/Non cell leaves the flag as it is (a new record takes the default). */
export const KEEP = Symbol('keep')

const EMPTY: ParsedCell = { ok: true, value: null }
const KEPT: ParsedCell = { ok: true, value: KEEP }
const REQUIRED: ParsedCell = { ok: false, message: 'obligatoire.' }

// Validators are pure functions of the text, and a file repeats its values
// (Oui, CAF, a town, a date, a school, a surname): each field remembers the
// results of the texts it has seen, up to a bound. Lists of values match
// their labels loosely, which costs more than the rest of the reading.
const MEMO_LIMIT = 2_000
// Dates repeat as well, but over more values (a child's birth date spans some 6,500 days): a day field
// remembers up to 10,000 texts (27 years of days, about a megabyte).
const DAY_MEMO_LIMIT = 10_000

/** Reads the cells of one field, remembering its results (one per field, shared by every file). */
export class CellReader {
  private readonly memo = new Map<string, ParsedCell>()
  private readonly limit: number
  constructor(private readonly spec: FieldSpec) {
    this.limit = spec.kind === 'day' ? DAY_MEMO_LIMIT : MEMO_LIMIT
  }

  parse(text: string): ParsedCell {
    let parsed = this.memo.get(text)
    if (parsed === undefined) {
      parsed = validate(this.spec, text)
      if (this.memo.size < this.limit) this.memo.set(text, parsed)
    }
    return parsed
  }
}
const readers = new WeakMap<FieldSpec, CellReader>()

/** The reader of a field's cells: keep it to read many cells (one lookup instead of one per cell). */
export function cellReader(spec: FieldSpec): CellReader {
  let reader = readers.get(spec)
  if (!reader) {
    reader = new CellReader(spec)
    readers.set(spec, reader)
  }
  return reader
}

/**
 * The stored form of one cell, or the validator's French message. Empty
 * means "no value"; for a required field that is an error.
 */
export function parseCell(spec: FieldSpec, text: string): ParsedCell {
  return cellReader(spec).parse(text)
}

function validate(spec: FieldSpec, text: string): ParsedCell {
  if (text.trim() === '') return spec.kind === 'flag' ? KEPT : spec.required ? REQUIRED : EMPTY
  if (spec.kind === 'phone') {
    const fast = frenchPhone(text)
    if (fast !== undefined) return fast
  }
  const result = spec.schema.safeParse(text)
  if (result.success) return { ok: true, value: result.data }
  return {
    ok: false,
    message: `« ${shorten(text)} » : ${result.error.issues[0]?.message ?? 'valeur invalide'}.`,
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > 40 ? `${oneLine.slice(0, 39)}…` : oneLine
}

// libphonenumber takes about 10 µs a number: most of a large import's time.
// A French number already in its stored form (10 digits from 0) is valid or
// not by its first digits alone (the numbering plan allots blocks by prefix),
// so the answer for a 6-character prefix is remembered. tests/unit/
// family-csv-cells.test.ts checks this against normalizePhone prefix by prefix.
const STORED_FRENCH = /^0[1-9]\d{8}$/
const validPrefixes = new Map<string, boolean>()
const INVALID_PHONE = 'numéro invalide (10 chiffres commençant par 0, ou +33…).'

function frenchPhone(text: string): ParsedCell | undefined {
  if (!STORED_FRENCH.test(text)) return undefined
  const prefix = text.slice(0, PHONE_PREFIX_LENGTH)
  let valid = validPrefixes.get(prefix)
  if (valid === undefined) {
    valid = normalizePhone(text) === text
    validPrefixes.set(prefix, valid)
  }
  return valid ? { ok: true, value: text } : { ok: false, message: `« ${text} » : ${INVALID_PHONE}` }
}

export const PHONE_PREFIX_LENGTH = 6
