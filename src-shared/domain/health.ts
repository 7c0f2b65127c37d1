import type { Option } from './options'

/** The 14 allergens of regulation (EU) 1169/2011, annex II. */
export const ALLERGENS = [
  { value: 'gluten', label: 'Céréales contenant du gluten' },
  { value: 'crustaceans', label: 'Crustacés' },
  { value: 'eggs', label: 'Œufs' },
  { value: 'fish', label: 'Poissons' },
  { value: 'peanuts', label: 'Arachides' },
  { value: 'soybeans', label: 'Soja' },
  { value: 'milk', label: 'Lait' },
  { value: 'nuts', label: 'Fruits à coque' },
  { value: 'celery', label: 'Céleri' },
  { value: 'mustard', label: 'Moutarde' },
  { value: 'sesame', label: 'Graines de sésame' },
  { value: 'sulphites', label: 'Anhydride sulfureux et sulfites' },
  { value: 'lupin', label: 'Lupin' },
  { value: 'molluscs', label: 'Mollusques' },
] as const satisfies readonly Option[]

export const HEALTH_KINDS = [
  { value: 'maladie', label: 'Maladie' },
  { value: 'allergie', label: 'Allergie' },
  { value: 'contre_indication', label: 'Contre-indication' },
] as const satisfies readonly Option[]

/** Neutral diets only (CNIL, NS-058): no religious label. */
export const DIETS = [
  { value: 'sans_porc', label: 'Sans porc' },
  { value: 'sans_viande', label: 'Sans viande' },
  { value: 'sans_viande_ni_poisson', label: 'Sans viande ni poisson' },
  { value: 'sans_gluten', label: 'Sans gluten' },
  { value: 'sans_lactose', label: 'Sans lactose' },
  { value: 'panier_repas', label: 'Panier-repas (PAI)' },
] as const satisfies readonly Option[]

/** Diseases the mandatory vaccinations protect from (Code de la santé publique, L3111-2). */
export const VACCINE_DISEASES = [
  { value: 'diphtheria', label: 'Diphtérie' },
  { value: 'tetanus', label: 'Tétanos' },
  { value: 'polio', label: 'Poliomyélite' },
  { value: 'pertussis', label: 'Coqueluche' },
  { value: 'hib', label: 'Haemophilus influenzae b' },
  { value: 'hepatitis_b', label: 'Hépatite B' },
  { value: 'pneumococcus', label: 'Pneumocoque' },
  { value: 'meningococcus_c', label: 'Méningocoque C' },
  { value: 'measles', label: 'Rougeole' },
  { value: 'mumps', label: 'Oreillons' },
  { value: 'rubella', label: 'Rubéole' },
] as const satisfies readonly Option[]

export type VaccineDisease = (typeof VACCINE_DISEASES)[number]['value']

/** Born on or after this day: the 11 vaccinations are mandatory; before, only DTP. */
export const ELEVEN_VACCINES_FROM = '2018-01-01'
export const DTP: VaccineDisease[] = ['diphtheria', 'tetanus', 'polio']
/** A child who lacks some has this long to catch up (R3111-17). */
export const PROVISIONAL_ADMISSION_MONTHS = 3
