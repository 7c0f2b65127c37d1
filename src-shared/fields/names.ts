import { requiredText, text } from '../validation/values'
import type { FieldSpec } from './spec'

// Nom and Prénom, the same columns in the responsables, enfants and
// personnes_autorisees files.

export const LAST_NAME: FieldSpec = {
  key: 'nom',
  column: 'last_name',
  label: 'Nom',
  csv: 'Nom',
  kind: 'text',
  required: true,
  schema: requiredText('Nom'),
}

export const FIRST_NAME: FieldSpec = {
  key: 'prenom',
  column: 'first_name',
  label: 'Prénom',
  csv: 'Prénom',
  kind: 'text',
  schema: text('Prénom', 100),
}

/** A child always has a first name. */
export const REQUIRED_FIRST_NAME: FieldSpec = {
  ...FIRST_NAME,
  required: true,
  schema: requiredText('Prénom'),
}
