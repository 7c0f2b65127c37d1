import type { CsvFileKey } from '@shared/contract/csv'

export const COUNT_LABELS: Record<CsvFileKey, string> = {
  familles: 'Familles',
  responsables: 'Responsables et conjoints',
  enfants: 'Enfants',
  personnesAutorisees: 'Personnes autorisées',
  vaccinations: 'Vaccinations',
  sante: 'Données de santé',
}

export const FILE_KIND_LABELS: Record<CsvFileKey | 'autre', string> = {
  ...COUNT_LABELS,
  autre: 'Autre logiciel',
}

export const number = (n: number) => n.toLocaleString('fr-FR')
