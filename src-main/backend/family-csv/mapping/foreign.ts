import type { CsvProblem, CsvRow, FamilyFileKey } from '../../csv/index'
import { KEY_COLUMNS } from '../columns'
import type { SourceRow } from '../import/incoming'
import { GROUPS, parseTarget, TARGET_GROUPS, type TargetGroup } from './targets'

// Reads a row of another software's file, through the mapping staff
// confirmed, as the rows of the six files it holds: the family, its
// responsable, its conjoint (when the row names one) and the child. The
// family and the parents come again on each child's row: the import merges
// rows that agree and reports those that do not.

/** For each group, the FORMATS.md column → the header that holds it. */
export type ForeignMapping = Map<TargetGroup, Map<string, string>>

const ROLE_CELL: Partial<Record<TargetGroup, string>> = { responsable: 'Responsable', conjoint: 'Conjoint' }

/** Checks a mapping (targets aligned with headers); problems name the file. */
export function checkMapping(
  file: string,
  headers: readonly string[],
  targets: readonly (string | null)[],
): { mapping: ForeignMapping; problems: CsvProblem[] } {
  const mapping: ForeignMapping = new Map()
  const problems: CsvProblem[] = []
  const seen = new Map<string, string>()
  headers.forEach((header, i) => {
    const value = targets[i]
    if (!value) return
    const target = parseTarget(value)
    if (!target) {
      problems.push({ file, column: header, message: 'correspondance inconnue.' })
      return
    }
    const first = seen.get(value)
    if (first) {
      const label = `${GROUPS[target.group].label} › ${target.column}`
      problems.push({ file, column: header, message: `« ${label} » est déjà la correspondance de la colonne « ${first} ».` })
      return
    }
    seen.set(value, header)
    const columns = mapping.get(target.group) ?? new Map<string, string>()
    columns.set(target.column, header)
    mapping.set(target.group, columns)
  })
  if (mapping.size === 0) problems.push({ file, message: 'aucune colonne n’est associée à une colonne de Marelle.' })
  else if (!mapping.get('famille')?.has(KEY_COLUMNS.familyNumber))
    problems.push({ file, message: 'associez une colonne à « Famille › N° famille » : sans elle, aucune ligne ne peut être rattachée à une famille.' })
  if (mapping.has('enfant') && !mapping.get('enfant')?.has(KEY_COLUMNS.childId))
    problems.push({ file, message: 'associez une colonne à « Enfant › Identifiant » : sans elle, les enfants ne peuvent pas être retrouvés.' })
  return { mapping, problems }
}

const KIND: Record<TargetGroup, FamilyFileKey> = {
  famille: 'familles',
  responsable: 'responsables',
  conjoint: 'responsables',
  enfant: 'enfants',
}

/** The rows of the six files one foreign row stands for. */
export function foreignRows(
  file: string,
  mapping: ForeignMapping,
  row: CsvRow<string>,
  emit: (kind: FamilyFileKey, row: SourceRow) => void,
): void {
  const numberHeader = mapping.get('famille')?.get(KEY_COLUMNS.familyNumber)
  if (numberHeader === undefined) return
  for (const group of TARGET_GROUPS) {
    const columns = mapping.get(group)
    if (!columns) continue
    const own = [...columns].filter(([column]) => column !== KEY_COLUMNS.familyNumber)
    if (own.length === 0) continue
    // No conjoint (or no child) on this row: its cells are all empty.
    if (group !== 'famille' && own.every(([, header]) => (row.values[header] ?? '').trim() === '')) continue
    emit(KIND[group], {
      file,
      line: row.line,
      cell(column) {
        if (column === KEY_COLUMNS.familyNumber) return row.values[numberHeader]
        if (column === KEY_COLUMNS.role) return ROLE_CELL[group]
        const header = columns.get(column)
        return header === undefined ? undefined : (row.values[header] ?? '')
      },
      label(column) {
        return column === KEY_COLUMNS.familyNumber ? numberHeader : (columns.get(column) ?? column)
      },
    })
  }
}
