import type { Option } from './options'

export const CIVILITIES = [
  { value: 'monsieur', label: 'Monsieur' },
  { value: 'madame', label: 'Madame' },
] as const satisfies readonly Option[]

/** Qualité of a responsable towards the children. */
export const QUALITIES = [
  { value: 'pere', label: 'Père' },
  { value: 'mere', label: 'Mère' },
  { value: 'tuteur', label: 'Tuteur' },
  { value: 'tutrice', label: 'Tutrice' },
  { value: 'beau_pere', label: 'Beau-père' },
  { value: 'belle_mere', label: 'Belle-mère' },
  { value: 'famille_accueil', label: 'Famille d’accueil' },
  { value: 'autre', label: 'Autre' },
] as const satisfies readonly Option[]

/** Situation familiale. */
export const MARITAL_STATUSES = [
  { value: 'marie', label: 'Marié(e)' },
  { value: 'pacse', label: 'Pacsé(e)' },
  { value: 'concubinage', label: 'Vie maritale' },
  { value: 'celibataire', label: 'Célibataire' },
  { value: 'separe', label: 'Séparé(e)' },
  { value: 'divorce', label: 'Divorcé(e)' },
  { value: 'veuf', label: 'Veuf(ve)' },
] as const satisfies readonly Option[]

/** Catégories socio-professionnelles (INSEE, PCS 2020, groupes). */
export const CSP = [
  { value: '1', label: 'Agriculteurs exploitants' },
  { value: '2', label: 'Artisans, commerçants, chefs d’entreprise' },
  { value: '3', label: 'Cadres et professions intellectuelles supérieures' },
  { value: '4', label: 'Professions intermédiaires' },
  { value: '5', label: 'Employés' },
  { value: '6', label: 'Ouvriers' },
  { value: '7', label: 'Retraités' },
  { value: '8', label: 'Sans activité professionnelle' },
] as const satisfies readonly Option[]

export const CAF_ORGANISATIONS = [
  { value: 'CAF', label: 'CAF' },
  { value: 'MSA', label: 'MSA' },
  { value: 'autre', label: 'Autre' },
] as const satisfies readonly Option[]

/** Lien de parenté of a person authorised to pick a child up. */
export const RELATIONSHIPS = [
  { value: 'pere', label: 'Père' },
  { value: 'mere', label: 'Mère' },
  { value: 'grand_pere', label: 'Grand-père' },
  { value: 'grand_mere', label: 'Grand-mère' },
  { value: 'oncle', label: 'Oncle' },
  { value: 'tante', label: 'Tante' },
  { value: 'frere', label: 'Frère' },
  { value: 'soeur', label: 'Sœur' },
  { value: 'cousin', label: 'Cousin(e)' },
  { value: 'beau_parent', label: 'Beau-parent' },
  { value: 'voisin', label: 'Voisin(e)' },
  { value: 'ami', label: 'Ami(e)' },
  { value: 'assistant_maternel', label: 'Assistant(e) maternel(le)' },
  { value: 'tuteur', label: 'Tuteur' },
  { value: 'autre', label: 'Autre' },
] as const satisfies readonly Option[]

export const SEXES = [
  { value: 'F', label: 'Fille' },
  { value: 'M', label: 'Garçon' },
] as const satisfies readonly Option[]
