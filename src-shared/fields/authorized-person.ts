import { RELATIONSHIPS } from '../domain/people'
import { flag, phone, requiredOption, text } from '../validation/values'
import { FIRST_NAME, LAST_NAME } from './names'
import type { FieldSpec } from './spec'

/** Personnes autorisées à chercher l'enfant (personnes_autorisees.csv). */
export const AUTHORIZED_PERSON_FIELDS: FieldSpec[] = [
  LAST_NAME,
  FIRST_NAME,
  {
    key: 'lien_de_parente',
    column: 'relationship',
    label: 'Lien de parenté',
    csv: 'Lien de parenté',
    kind: 'option',
    options: RELATIONSHIPS,
    required: true,
    schema: requiredOption('Lien de parenté', RELATIONSHIPS),
  },
  {
    key: 'telephone',
    column: 'phone',
    label: 'Téléphone',
    csv: 'Téléphone',
    kind: 'phone',
    schema: phone('Téléphone'),
  },
  { key: 'mobile', column: 'mobile', label: 'Mobile', csv: 'Mobile', kind: 'phone', schema: phone('Mobile') },
  {
    key: 'peut_recuperer_l_enfant',
    column: 'can_pick_up',
    label: 'Peut récupérer l’enfant',
    csv: "Peut récupérer l'enfant",
    kind: 'flag',
    schema: flag('Peut récupérer l’enfant'),
  },
  {
    key: 'a_prevenir_en_urgence',
    column: 'emergency_contact',
    label: 'À prévenir en urgence',
    csv: 'À prévenir en urgence',
    kind: 'flag',
    schema: flag('À prévenir en urgence'),
  },
  {
    key: 'interdit_de_recuperer',
    column: 'pickup_forbidden',
    label: 'Interdit de récupérer l’enfant',
    csv: "Interdit de récupérer l'enfant",
    kind: 'flag',
    schema: flag('Interdit de récupérer l’enfant'),
  },
  {
    key: 'remarques',
    column: 'notes',
    label: 'Remarques',
    csv: 'Remarques',
    kind: 'text',
    schema: text('Remarques', 500),
  },
]
