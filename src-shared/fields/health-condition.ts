import { ALLERGENS, HEALTH_KINDS } from '../domain/health'
import { option, requiredOption, requiredText, text } from '../validation/values'
import type { FieldSpec } from './spec'

/** Maladie, allergie or contre-indication (sante.csv; health.* payloads). */
export const HEALTH_CONDITION_FIELDS: FieldSpec[] = [
  {
    key: 'type',
    column: 'kind',
    label: 'Type',
    csv: 'Type',
    kind: 'option',
    options: HEALTH_KINDS,
    required: true,
    schema: requiredOption('Type', HEALTH_KINDS),
  },
  {
    key: 'libelle',
    column: 'label',
    label: 'Libellé',
    csv: 'Libellé',
    kind: 'text',
    required: true,
    schema: requiredText('Libellé', 200),
  },
  {
    key: 'allergene',
    column: 'allergen',
    label: 'Allergène',
    csv: 'Allergène',
    kind: 'option',
    options: ALLERGENS,
    schema: option('Allergène', ALLERGENS),
  },
  {
    key: 'details',
    column: 'details',
    label: 'Détails',
    csv: 'Détails',
    kind: 'text',
    schema: text('Détails', 1000),
  },
]
