import type { FieldSpec } from '@shared/fields/index'
import type { FieldValues } from '../../records/values'

// What a file set asks for, once every cell has been read through its
// field's validator: records keyed the way docs/fichiers-csv.md matches them, each
// with where it came from so that any later problem names its file, line
// and column.

/** One row of a file, whatever its form (one of the six files, or another software's export). */
export interface SourceRow {
  file: string
  line: number
  /** The cell of a column of docs/fichiers-csv.md; undefined when the file lacks that column. */
  cell(column: string): string | undefined
  /** The column as the file names it, for messages; one function for all rows of a file (no `this`). */
  readonly label: (column: string) => string
}

export interface Origin {
  file: string
  line: number
  label(column: string): string
}

/** What every row of one file shares: its name and how it names columns (one object per file). */
export interface RowSource {
  file: string
  readonly label: (column: string) => string
}

/**
 * The keys a record's values may have, in a fixed order, and the packing of
 * its values into one short string: a city's import holds a million records
 * between reading and writing, and an object per record with a string per
 * field took 600 bytes each (bench csv-import). Packed, a record is its key
 * fields, its line and one string.
 */
export class FieldKeys {
  private readonly index: Map<string, number>
  constructor(readonly keys: readonly string[]) {
    if (keys.length > 31) throw new Error('more than 31 fields cannot be packed')
    this.index = new Map(keys.map((k, i) => [k, i]))
  }

  pack(values: FieldValues): string {
    let mask = 0
    const out: unknown[] = [0]
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i]
      if (!(key in values)) continue
      mask |= 1 << i
      out.push(values[key] ?? null)
    }
    for (const key in values) if (!this.index.has(key)) throw new Error(`field ${key} cannot be packed`)
    out[0] = mask
    return JSON.stringify(out)
  }

  unpack(packed: string): FieldValues {
    // Read in place (no copy of the values behind the mask): the comparison unpacks every record it reads back.
    const parsed = JSON.parse(packed) as [number, ...unknown[]]
    const out: FieldValues = {}
    let next = 1
    for (let i = 0, mask = parsed[0]; mask !== 0; i++, mask >>>= 1)
      if (mask & 1) out[this.keys[i]] = parsed[next++]
    return out
  }
}

export class IncomingRecord {
  /** The values, packed by `fields` (or as already packed, for a record read back from the spill). */
  packed: string
  /** The values unpacked, once asked for: the comparison reads them several times per record. */
  private unpacked: FieldValues | undefined

  constructor(
    readonly source: RowSource,
    readonly fields: FieldKeys,
    readonly line: number,
    values: FieldValues | { packed: string },
  ) {
    this.packed =
      'packed' in values && typeof values.packed === 'string' ? values.packed : fields.pack(values)
  }

  get origin(): Origin {
    return { file: this.source.file, line: this.line, label: this.source.label }
  }

  /**
   * The fields given, by their key, in stored form; a column the file lacks
   * has no key. Read-only: the same object each time (unpacked on the first
   * read, a fifth of a city's comparison when it was unpacked on every read).
   */
  get values(): Readonly<FieldValues> {
    this.unpacked ??= this.fields.unpack(this.packed)
    return this.unpacked
  }

  /** Takes the fields `other` gives that this record lacks (two files holding different columns of one record). */
  complete(other: FieldValues): void {
    const values = { ...this.values }
    let added = false
    for (const [key, value] of Object.entries(other))
      if (!(key in values)) {
        values[key] = value
        added = true
      }
    if (added) {
      this.packed = this.fields.pack(values)
      this.unpacked = undefined
    }
  }
}

export interface IncomingQuotient {
  qf: number
  from: string
  to: string | null
}

export class IncomingFamily extends IncomingRecord {
  constructor(
    source: RowSource,
    fields: FieldKeys,
    line: number,
    values: FieldValues | { packed: string },
    readonly number: string,
    /** Absent when the file has no QF columns or leaves them empty. */
    readonly quotient: IncomingQuotient | undefined,
  ) {
    super(source, fields, line, values)
  }
}

export type GuardianRole = 'responsable' | 'conjoint'

export class IncomingGuardian extends IncomingRecord {
  constructor(
    source: RowSource,
    fields: FieldKeys,
    line: number,
    values: FieldValues | { packed: string },
    readonly number: string,
    readonly role: GuardianRole,
  ) {
    super(source, fields, line, values)
  }
}

export class IncomingChild extends IncomingRecord {
  constructor(
    source: RowSource,
    fields: FieldKeys,
    line: number,
    values: FieldValues | { packed: string },
    readonly identifier: string,
    /** The N° famille column, when the file has it. */
    readonly number: string | undefined,
  ) {
    super(source, fields, line, values)
  }
}

/** An authorised person, a vaccination or a health row: it belongs to a child. */
export class IncomingChildItem extends IncomingRecord {
  constructor(
    source: RowSource,
    fields: FieldKeys,
    line: number,
    values: FieldValues | { packed: string },
    readonly child: string,
  ) {
    super(source, fields, line, values)
  }
}

/** Where the records of one kind are kept while a set is read: in memory, or spilled to disk (spill.ts). */
export interface RecordMap<T> {
  get(key: string): T | undefined
  has(key: string): boolean
  set(key: string, record: T): void
  /** Adds the record unless one is already under `key`; true when added. */
  add(key: string, record: T): boolean
  readonly size: number
  /** In the order they were first set. */
  entries(): IterableIterator<[string, T]>
  keys(): IterableIterator<string>
  values(): IterableIterator<T>
}

export type RecordKind = 'families' | 'guardians' | 'children' | 'persons' | 'vaccinations' | 'health'

/** The records of one kind in memory (a small set, or tests). */
class RecordsInMemory<T> extends Map<string, T> implements RecordMap<T> {
  add(key: string, record: T): boolean {
    if (this.has(key)) return false
    this.set(key, record)
    return true
  }
}

/** Makes the map that keeps one kind of record; in memory by default. */
export type RecordStore = <K extends RecordKind>(kind: K) => RecordMap<RecordOf<K>>

export type RecordOf<K extends RecordKind> = K extends 'families'
  ? IncomingFamily
  : K extends 'guardians'
    ? IncomingGuardian
    : K extends 'children'
      ? IncomingChild
      : IncomingChildItem

export class IncomingSet {
  readonly families: RecordMap<IncomingFamily>
  /** By "N° famille|rôle". */
  readonly guardians: RecordMap<IncomingGuardian>
  readonly children: RecordMap<IncomingChild>
  /** By "child|nom|prénom", names in lower case. */
  readonly persons: RecordMap<IncomingChildItem>
  /** By "child|vaccin|date", vaccine in lower case. */
  readonly vaccinations: RecordMap<IncomingChildItem>
  /** By "child|type|libellé", label in lower case. */
  readonly health: RecordMap<IncomingChildItem>

  /** `store`: where the records are kept; in memory unless given (an import spills them to disk: spill.ts). */
  constructor(store?: RecordStore) {
    const make = <K extends RecordKind>(kind: K): RecordMap<RecordOf<K>> =>
      store?.(kind) ?? new RecordsInMemory()
    this.families = make('families')
    this.guardians = make('guardians')
    this.children = make('children')
    this.persons = make('persons')
    this.vaccinations = make('vaccinations')
    this.health = make('health')
  }

  get size(): number {
    return (
      this.families.size +
      this.guardians.size +
      this.children.size +
      this.persons.size +
      this.vaccinations.size +
      this.health.size
    )
  }
}

/** Keys that match case-insensitively, as staff type names ("DUPONT", "Dupont"). */
export const foldCase = (text: unknown) => {
  const s = String(text ?? '')
  // ASCII has no locale-specific case mapping: toLowerCase gives the same text, without ICU's locale lookup.
  return ASCII.test(s) ? s.toLowerCase() : s.toLocaleLowerCase('fr')
}
const ASCII = /^[\x20-\x7e]*$/

/**
 * The family number a guardian's key starts with, the child identifier an
 * item's key starts with: numbers are digits only, the first "|" ends them.
 */
export const leadingNumber = (key: string) => key.slice(0, key.indexOf('|'))

export const personKey = (child: string, values: FieldValues) =>
  `${child}|${foldCase(values.nom)}|${foldCase(values.prenom)}`
export const vaccinationKey = (child: string, values: FieldValues) =>
  `${child}|${foldCase(values.vaccin)}|${values.date}`
export const healthKey = (child: string, values: FieldValues) =>
  `${child}|${values.type}|${foldCase(values.libelle)}`

/**
 * The fields two rows for the same record disagree on, as "Nom : « A » /
 * « B »". A field only one of them gives is no disagreement: two files may
 * hold different columns of one record.
 */
export function differences(fields: readonly FieldSpec[], a: FieldValues, b: FieldValues): string[] {
  const out: string[] = []
  for (const spec of fields) {
    if (!(spec.key in a) || !(spec.key in b)) continue
    const [x, y] = [a[spec.key] ?? null, b[spec.key] ?? null]
    if (x !== y) out.push(`${spec.label} : « ${x ?? ''} » / « ${y ?? ''} »`)
  }
  return out
}
