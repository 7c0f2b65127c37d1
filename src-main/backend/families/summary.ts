import type { ChildFile } from '@shared/contract/children'
import type { FamilyFile } from '@shared/contract/families'
import type { FieldValue } from '@shared/contract/records'
import {
  AUTHORIZED_PERSON_FIELDS,
  BANK_FIELDS,
  CAF_FIELDS,
  CHILD_HEALTH_FIELDS,
  CHILD_IDENTITY_FIELDS,
  displayValue,
  FISCAL_FIELDS,
  type FieldSpec,
  GUARDIAN_FIELDS,
  HEALTH_CONDITION_FIELDS,
  VACCINATION_FIELDS,
} from '@shared/fields/index'
import { formatDay } from '@shared/format/date'

// The readable French summary `family show` prints without --json.

type Values = Record<string, FieldValue>

/** "Label : value" for each field that has a value, indented. */
function fieldLines(fields: readonly FieldSpec[], values: Values, indent: string): string[] {
  return fields
    .map((f) => ({ label: f.label, text: displayValue(f, values[f.key]) }))
    .filter((f) => f.text !== '')
    .map((f) => `${indent}${f.label} : ${f.text}`)
}

/** One line per record of a list: "Label : value" for each value, unset flags left out. */
function listLines(fields: readonly FieldSpec[], records: { values: Values }[], indent: string): string[] {
  if (records.length === 0) return [`${indent}(aucune)`]
  return records.map(
    (r) =>
      `${indent}- ${fields
        .filter((f) => r.values[f.key] !== false)
        .map((f) => ({ label: f.label, text: displayValue(f, r.values[f.key]) }))
        .filter((f) => f.text !== '')
        .map((f) => `${f.label} : ${f.text}`)
        .join(', ')}`,
  )
}

function section(title: string, lines: string[]): string[] {
  return [title, ...(lines.length > 0 ? lines : ['  (rien de renseigné)'])]
}

function quotientLines(family: FamilyFile): string[] {
  return family.quotients.map((q) => {
    const until = q.validTo ? ` au ${formatDay(q.validTo)}` : ''
    return `  QF : ${q.qf} du ${formatDay(q.validFrom)}${until}`
  })
}

function childLines(child: ChildFile): string[] {
  const lines = [
    `Enfant : ${child.values.nom} ${child.values.prenom} (identifiant ${child.identifier})`,
    ...fieldLines(CHILD_IDENTITY_FIELDS.slice(2), child.values, '  '),
    '  Personnes autorisées :',
    ...listLines(AUTHORIZED_PERSON_FIELDS, child.authorizedPersons, '    '),
  ]
  if (!child.health) return [...lines, '  Données de santé : non visibles pour votre rôle.']
  return [
    ...lines,
    ...fieldLines(CHILD_HEALTH_FIELDS, child.values, '  '),
    '  Vaccinations :',
    ...listLines(VACCINATION_FIELDS, child.health.vaccinations, '    '),
    '  Maladies, allergies, contre-indications :',
    ...listLines(HEALTH_CONDITION_FIELDS, child.health.conditions, '    '),
  ]
}

export function familySummary(family: FamilyFile, children: ChildFile[]): string {
  const guardian = (title: string, g: FamilyFile['responsable']) =>
    g ? section(title, fieldLines(GUARDIAN_FIELDS, g.values, '  ')) : [`${title} : aucun`]
  const blocks = [
    [`Famille n° ${family.number}`],
    guardian('Responsable', family.responsable),
    guardian('Conjoint', family.conjoint),
    section('Informations CAF', [...fieldLines(CAF_FIELDS, family.values, '  '), ...quotientLines(family)]),
    section('Informations fiscales', fieldLines(FISCAL_FIELDS, family.values, '  ')),
    section('Coordonnées bancaires', fieldLines(BANK_FIELDS, family.values, '  ')),
    ...(children.length > 0 ? children.map(childLines) : [['Enfants : aucun']]),
  ]
  return blocks.map((b) => b.join('\n')).join('\n\n')
}
