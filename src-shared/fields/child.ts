import { DIETS } from '../domain/health'
import { SEXES } from '../domain/people'
import { pastDay } from '../validation/past-day'
import { day, flag, option, phone, text } from '../validation/values'
import { LAST_NAME, REQUIRED_FIRST_NAME } from './names'
import type { FieldSpec } from './spec'

/** Identity and schooling of a child (enfants.csv, without its two identifiers). */
export const CHILD_IDENTITY_FIELDS: FieldSpec[] = [
  LAST_NAME,
  REQUIRED_FIRST_NAME,
  {
    key: 'sexe',
    column: 'sex',
    label: 'Sexe',
    csv: 'Sexe',
    kind: 'option',
    options: SEXES,
    schema: option('Sexe', SEXES),
  },
  {
    key: 'date_de_naissance',
    column: 'birth_date',
    label: 'Date de naissance',
    csv: 'Date de naissance',
    kind: 'day',
    past: true,
    schema: pastDay('Date de naissance'),
  },
  {
    key: 'lieu_de_naissance',
    column: 'birth_place',
    label: 'Lieu de naissance',
    csv: 'Lieu de naissance',
    kind: 'text',
    schema: text('Lieu de naissance', 100),
  },
  { key: 'ecole', column: 'school', label: 'École', csv: 'École', kind: 'text', schema: text('École', 100) },
  {
    key: 'classe',
    column: 'class_level',
    label: 'Classe',
    csv: 'Classe',
    kind: 'text',
    schema: text('Classe', 30),
  },
  // The day the child leaves the service (docs/depart-et-archivage.md): may be ahead of today.
  {
    key: 'date_de_depart',
    aliases: ['date_depart'],
    column: 'left_on',
    label: 'Date de départ',
    csv: 'Date de départ',
    kind: 'day',
    schema: day('Date de départ'),
  },
]

/** Health data kept on the child's own record; visible only to roles allowed to see health data. */
export const CHILD_HEALTH_FIELDS: FieldSpec[] = [
  {
    key: 'regime_alimentaire',
    column: 'diet',
    label: 'Régime alimentaire',
    csv: 'Régime alimentaire',
    kind: 'option',
    options: DIETS,
    schema: option('Régime alimentaire', DIETS),
  },
  { key: 'pai', column: 'pai', label: 'PAI', csv: 'PAI', kind: 'flag', schema: flag('PAI') },
  {
    key: 'pai_valable_jusqu_au',
    column: 'pai_valid_until',
    label: 'PAI valable jusqu’au',
    csv: "PAI valable jusqu'au",
    kind: 'day',
    schema: day('PAI valable jusqu’au'),
  },
  {
    key: 'pai_panier_repas',
    column: 'pai_packed_meal',
    label: 'Panier-repas autorisé (PAI)',
    csv: 'Panier-repas autorisé (PAI)',
    kind: 'flag',
    schema: flag('Panier-repas autorisé (PAI)'),
  },
  {
    key: 'pai_details',
    column: 'pai_details',
    label: 'Détails du PAI',
    csv: 'Détails du PAI',
    kind: 'text',
    schema: text('Détails du PAI', 1000),
  },
  {
    key: 'soins_particuliers',
    column: 'specific_care',
    label: 'Besoin de soins particuliers',
    csv: 'Besoin de soins particuliers',
    kind: 'text',
    schema: text('Besoin de soins particuliers', 500),
  },
  {
    key: 'medecin_traitant',
    column: 'doctor_name',
    label: 'Médecin traitant',
    csv: 'Médecin traitant',
    kind: 'text',
    schema: text('Médecin traitant', 100),
  },
  {
    key: 'telephone_medecin',
    column: 'doctor_phone',
    label: 'Téléphone du médecin',
    csv: 'Téléphone du médecin',
    kind: 'phone',
    schema: phone('Téléphone du médecin'),
  },
  {
    key: 'fiche_sanitaire_le',
    column: 'health_form_completed_on',
    label: 'Fiche sanitaire remplie le',
    csv: 'Fiche sanitaire remplie le',
    kind: 'day',
    past: true,
    schema: pastDay('Fiche sanitaire remplie le'),
  },
  {
    key: 'admission_provisoire_le',
    column: 'provisional_admission_on',
    label: 'Admission provisoire le',
    csv: 'Admission provisoire le',
    kind: 'day',
    schema: day('Admission provisoire le'),
  },
]

export const CHILD_FIELDS: FieldSpec[] = [...CHILD_IDENTITY_FIELDS, ...CHILD_HEALTH_FIELDS]
