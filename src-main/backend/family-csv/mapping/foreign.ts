import type { CsvProblem, CsvRow, FamilyFileKey } from '../../csv/index'
import { KEY_COLUMNS } from '../columns'
import type { SourceRow } from '../import/incoming'
import { GROUPS, parseTarget, TARGET_GROUPS, type TargetGroup } from './targets'

// Reads a row of another software's file, through the mapping staff
// confirmed, as the rows of the six files it holds: the family, its
// responsable, its conjoint (when the row names one) and the child. The
// family and the parents come again on each child's row: the import merges
// rows that agree and reports those that do not.

/** For each group, the column of docs/fichiers-csv.md → the header that holds it. */
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
      problems.push({
        file,
        column: header,
        message: `« ${label} » est déjà la correspondance de la colonne « ${first} ».`,
      })
      return
    }
    seen.set(value, header)
    const columns = mapping.get(target.group) ?? new Map<string, string>()
    columns.set(target.column, header)
    mapping.set(target.group, columns)
  })
  if (mapping.size === 0)
    problems.push({ file, message: 'aucune colonne n’est associée à une colonne de Marelle.' })
  else if (!mapping.get('famille')?.has(KEY_COLUMNS.familyNumber))
    problems.push({
      file,
      message:
        'associez une colonne à « Famille › N° famille » : sans elle, aucune ligne ne peut être rattachée à une famille.',
    })
  if (mapping.has('enfant') && !mapping.get('enfant')?.has(KEY_COLUMNS.childId))
    problems.push({
      file,
      message:
        'associez une colonne à « Enfant › Identifiant » : sans elle, les enfants ne peuvent pas être retrouvés.',
    })
  return { mapping, problems }
}

const KIND: Record<TargetGroup, FamilyFileKey> = {
  famille: 'familles',
  responsable: 'responsables',
  conjoint: 'responsables',
  enfant: 'enfants',
}

/** A foreign row read as one group's row: cells through the mapping. */
class ForeignRow implements SourceRow {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly label: (column: string) => string,
    private readonly group: TargetGroup,
    private readonly columns: Map<string, string>,
    private readonly numberHeader: string,
    private readonly values: Partial<Record<string, string>>,
  ) {}
  cell(column: string): string | undefined {
    if (column === KEY_COLUMNS.familyNumber) return this.values[this.numberHeader]
    if (column === KEY_COLUMNS.role) return ROLE_CELL[this.group]
    const header = this.columns.get(column)
    return header === undefined ? undefined : (this.values[header] ?? '')
  }
}

/** Reads each row of a foreign file as the rows of the six files it stands for. */
export function foreignReader(
  file: string,
  mapping: ForeignMapping,
  emit: (kind: FamilyFileKey, row: SourceRow) => void,
): (row: CsvRow<string>) => void {
  const numberHeader = mapping.get('famille')?.get(KEY_COLUMNS.familyNumber)
  if (numberHeader === undefined) return () => {}
  const groups = TARGET_GROUPS.flatMap((group) => {
    const columns = mapping.get(group)
    const own = [...(columns ?? [])]
      .filter(([column]) => column !== KEY_COLUMNS.familyNumber)
      .map(([, h]) => h)
    if (!columns || own.length === 0) return []
    const label = (column: string) =>
      column === KEY_COLUMNS.familyNumber ? numberHeader : (columns.get(column) ?? column)
    return [{ group, columns, own, label }]
  })
  return (row) => {
    for (const { group, columns, own, label } of groups) {
      // No conjoint (or no child) on this row: its cells are all empty.
      if (group !== 'famille' && own.every((header) => (row.values[header] ?? '').trim() === '')) continue
      emit(KIND[group], new ForeignRow(file, row.line, label, group, columns, numberHeader, row.values))
    }
  }
}
