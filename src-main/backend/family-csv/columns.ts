import {
  AUTHORIZED_PERSON_FIELDS,
  CHILD_FIELDS,
  CHILD_HEALTH_FIELDS,
  FAMILY_FIELDS,
  type FieldSpec,
  GUARDIAN_FIELDS,
  HEALTH_CONDITION_FIELDS,
  QUOTIENT_FIELDS,
  VACCINATION_FIELDS,
} from '@shared/fields/index'
import { FAMILY_FILES, type FamilyFileKey } from '../csv/index'

// Which field of the catalogue (src-shared/fields) each column of each family
// file holds. The columns and their order are the codec's (docs/fichiers-csv.md); the
// fields say how a cell reads (schema) and writes (kind, options). Key
// columns (N° famille, Rôle, Identifiant…) identify the record and are no
// field of it.

export const KEY_COLUMNS = {
  familyNumber: 'N° famille',
  role: 'Rôle',
  childId: 'Identifiant',
  childRef: 'Identifiant enfant',
} as const

/** The fields of the records each file holds, by the key they have in FieldValues. */
export const FILE_FIELDS: Record<FamilyFileKey, readonly FieldSpec[]> = {
  familles: [...FAMILY_FIELDS, ...QUOTIENT_FIELDS],
  responsables: GUARDIAN_FIELDS,
  enfants: CHILD_FIELDS,
  personnesAutorisees: AUTHORIZED_PERSON_FIELDS,
  vaccinations: VACCINATION_FIELDS,
  sante: HEALTH_CONDITION_FIELDS,
}

export interface FileColumn {
  /** The header, as docs/fichiers-csv.md spells it. */
  name: string
  /** The field it holds; absent for a key column. */
  spec?: FieldSpec
}

function columnsOf(key: FamilyFileKey): FileColumn[] {
  const fields = FILE_FIELDS[key]
  return FAMILY_FILES[key].columns.map((name) => {
    const spec = fields.find((f) => f.csv === name)
    const isKey = (Object.values(KEY_COLUMNS) as string[]).includes(name)
    if (!spec && !isKey) throw new Error(`no field for column ${name} of ${key}`)
    return isKey ? { name } : { name, spec }
  })
}

/** Every file's columns in export order, each with its field. */
export const FILE_COLUMNS = Object.fromEntries(
  (Object.keys(FAMILY_FILES) as FamilyFileKey[]).map((key) => [key, columnsOf(key)]),
) as Record<FamilyFileKey, FileColumn[]>

/** The field specs of one file's non-key columns, by column name. */
export function specsByColumn(key: FamilyFileKey): Map<string, FieldSpec> {
  return new Map(FILE_COLUMNS[key].flatMap((c) => (c.spec ? [[c.name, c.spec] as const] : [])))
}

/** Health columns of enfants.csv and the health files: only roles allowed to see health data touch them. */
export const HEALTH_FILES: readonly FamilyFileKey[] = ['vaccinations', 'sante']
export const CHILD_HEALTH_COLUMNS: readonly string[] = CHILD_HEALTH_FIELDS.flatMap((f) =>
  f.csv ? [f.csv] : [],
)
