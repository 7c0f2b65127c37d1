import type { MappingTarget } from '@shared/contract/csv'
import { FAMILY_FILES, type FamilyFileKey } from '../../csv/index'
import { KEY_COLUMNS } from '../columns'

// What a column of another software's file can stand for: a column of
// familles.csv, of the responsable's or the conjoint's row of
// responsables.csv, or of enfants.csv. Such a file has one row per child
// with the family and the parents repeated; each row is read as up to four
// rows of the six files (mapping/foreign.ts).

export type TargetGroup = 'famille' | 'responsable' | 'conjoint' | 'enfant'

export const GROUPS: Record<TargetGroup, { label: string; file: FamilyFileKey; exclude: string[] }> = {
  famille: { label: 'Famille', file: 'familles', exclude: [] },
  responsable: {
    label: 'Responsable',
    file: 'responsables',
    exclude: [KEY_COLUMNS.familyNumber, KEY_COLUMNS.role],
  },
  conjoint: {
    label: 'Conjoint',
    file: 'responsables',
    exclude: [KEY_COLUMNS.familyNumber, KEY_COLUMNS.role],
  },
  enfant: { label: 'Enfant', file: 'enfants', exclude: [KEY_COLUMNS.familyNumber] },
}

export const TARGET_GROUPS = Object.keys(GROUPS) as TargetGroup[]

/** "enfant:Nom" */
export const targetValue = (group: TargetGroup, column: string) => `${group}:${column}`

export function parseTarget(value: string): { group: TargetGroup; column: string } | null {
  const at = value.indexOf(':')
  const group = value.slice(0, at) as TargetGroup
  const column = value.slice(at + 1)
  if (!(group in GROUPS)) return null
  const { file, exclude } = GROUPS[group]
  return (FAMILY_FILES[file].columns as readonly string[]).includes(column) && !exclude.includes(column)
    ? { group, column }
    : null
}

/** Every target, grouped, for the mapping step's lists. */
export const MAPPING_TARGETS: MappingTarget[] = TARGET_GROUPS.flatMap((group) => {
  const { label, file, exclude } = GROUPS[group]
  return FAMILY_FILES[file].columns
    .filter((column) => !exclude.includes(column))
    .map((column) => ({ value: targetValue(group, column), label: `${label} › ${column}`, group: label }))
})
