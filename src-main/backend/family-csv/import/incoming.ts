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

export interface IncomingRecord {
  origin: Origin
  /** The fields given, by their FORMATS.md key, in stored form; a column the file lacks has no key. */
  values: FieldValues
}

export interface IncomingQuotient {
  qf: number
  from: string
  to: string | null
}

export interface IncomingFamily extends IncomingRecord {
  number: string
  /** Absent when the file has no QF columns or leaves them empty. */
  quotient?: IncomingQuotient
}

export type GuardianRole = 'responsable' | 'conjoint'

export interface IncomingGuardian extends IncomingRecord {
  number: string
  role: GuardianRole
}

export interface IncomingChild extends IncomingRecord {
  identifier: string
  /** The N° famille column, when the file has it. */
  number?: string
}

/** An authorised person, a vaccination or a health row: it belongs to a child. */
export interface IncomingChildItem extends IncomingRecord {
  child: string
}

export class IncomingSet {
  readonly families = new Map<string, IncomingFamily>()
  /** By "N° famille|rôle". */
  readonly guardians = new Map<string, IncomingGuardian>()
  readonly children = new Map<string, IncomingChild>()
  /** By "child|nom|prénom", names in lower case. */
  readonly persons = new Map<string, IncomingChildItem>()
  /** By "child|vaccin|date", vaccine in lower case. */
  readonly vaccinations = new Map<string, IncomingChildItem>()
  /** By "child|type|libellé", label in lower case. */
  readonly health = new Map<string, IncomingChildItem>()

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
export const foldCase = (text: unknown) => String(text ?? '').toLocaleLowerCase('fr')

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
