import { describe, expect, it } from 'vitest'
import { FAMILY_FILES, type FamilyFileKey } from '../../src-main/backend/csv/family-files'
import { FILE_COLUMNS, FILE_FIELDS } from '../../src-main/backend/family-csv/columns'

// An export then an import must not silently lose a field (issue 10, point
// 2: personnes_autorisees.csv had no column for "Interdit de récupérer
// l'enfant" nor the remarks, so a forbidden person came back allowed).

describe('the family files', () => {
  it('give every field of the records they hold a column', () => {
    for (const key of Object.keys(FILE_FIELDS) as FamilyFileKey[]) {
      const written = new Set(FILE_COLUMNS[key].flatMap((c) => (c.spec ? [c.spec.key] : [])))
      const lost = FILE_FIELDS[key].filter((spec) => !written.has(spec.key)).map((spec) => spec.label)
      expect(lost, FAMILY_FILES[key].name).toEqual([])
    }
  })

  it('add columns at the end, after those of the first release', () => {
    expect(FAMILY_FILES.personnesAutorisees.columns.slice(0, 10)).toEqual([
      'Identifiant enfant',
      'Nom',
      'Prénom',
      'Lien de parenté',
      'Téléphone',
      'Mobile',
      "Peut récupérer l'enfant",
      'À prévenir en urgence',
      "Interdit de récupérer l'enfant",
      'Remarques',
    ])
    expect(FAMILY_FILES.enfants.columns.slice(0, 12)).toEqual([
      'Identifiant',
      'N° famille',
      'Nom',
      'Prénom',
      'Sexe',
      'Date de naissance',
      'Lieu de naissance',
      'École',
      'Classe',
      'Régime alimentaire',
      'PAI',
      "PAI valable jusqu'au",
    ])
  })
})
