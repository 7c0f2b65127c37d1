import { describe, expect, it } from 'vitest'
import { FAMILY_FILE_KEYS, FAMILY_FILES, familyFileByName } from '../../src-main/backend/csv/family-files'
import { looseKey, mapHeader } from '../../src-main/backend/csv/header'
import { CsvError, ProblemList } from '../../src-main/backend/csv/problems'
import { thrown } from './csv-arbitraries'

const columns = FAMILY_FILES.responsables.columns

function map(cells: string[]) {
  const problems = new ProblemList('responsables.csv', 100)
  const header = mapHeader(cells, columns, 1, problems)
  return { header, problems: problems.list() }
}

describe('the six family files', () => {
  it('spell their columns as docs/fichiers-csv.md does, with ASCII apostrophes, in export order', () => {
    expect(FAMILY_FILE_KEYS.map((k) => FAMILY_FILES[k].name)).toEqual([
      'familles.csv',
      'responsables.csv',
      'enfants.csv',
      'personnes_autorisees.csv',
      'vaccinations.csv',
      'sante.csv',
    ])
    expect(FAMILY_FILES.responsables.columns).toHaveLength(23)
    expect(FAMILY_FILES.responsables.columns[8]).toBe("Complément d'adresse 1")
    expect(FAMILY_FILES.enfants.columns[11]).toBe("PAI valable jusqu'au")
    expect(FAMILY_FILES.personnesAutorisees.columns.slice(-2)).toEqual([
      "Interdit de récupérer l'enfant",
      'Remarques',
    ])
    const all = FAMILY_FILE_KEYS.flatMap((k) => FAMILY_FILES[k].columns)
    expect(all.filter((c) => /[’‘]/.test(c))).toEqual([])
  })

  it('keep every column apart under the loose match', () => {
    for (const key of FAMILY_FILE_KEYS) {
      const keys = FAMILY_FILES[key].columns.map(looseKey)
      expect(new Set(keys).size, key).toBe(keys.length)
    }
  })

  it('are found by file name, in any case and folder', () => {
    expect(familyFileByName('export/Enfants.CSV')).toBe('enfants')
    expect(familyFileByName('C:\\x\\sante.csv')).toBe('sante')
    expect(familyFileByName('autre.csv')).toBeUndefined()
  })
})

describe('header mapping', () => {
  it('maps exact names, in any order, and lists the missing columns', () => {
    const { header, problems } = map(['Nom', 'N° famille', 'Mobile'])
    expect(problems).toEqual([])
    expect(header.positions).toEqual(['Nom', 'N° famille', 'Mobile'])
    expect(header.present).toEqual(['Nom', 'N° famille', 'Mobile'])
    expect(header.missing).toHaveLength(20)
    expect(header.renamed).toEqual([])
  })

  it('matches names from other software loosely: case, accents, spaces, apostrophes, N°', () => {
    const found = [
      'no famille',
      'PRENOM',
      'Complément d’adresse  1',
      ' code postal ',
      'Telephone-Domicile',
      'E-mail',
      'Nº famille',
    ]
    const { header, problems } = map(found.slice(0, 6))
    expect(problems).toEqual([])
    expect(header.positions).toEqual([
      'N° famille',
      'Prénom',
      "Complément d'adresse 1",
      'Code postal',
      'Téléphone domicile',
      'Email',
    ])
    expect(header.renamed[0]).toEqual({ column: 'N° famille', found: 'no famille' })
    expect(map(['Numéro famille']).header.positions).toEqual(['N° famille'])
    expect(map([found[6]]).header.positions).toEqual(['N° famille'])
    expect(map(['Nom', 'Nombre']).problems).toHaveLength(1)
  })

  it('reports a duplicate column with both positions, preferring the exact spelling', () => {
    const { header, problems } = map(['nom', 'Prénom', 'Nom'])
    expect(header.positions).toEqual([undefined, 'Prénom', 'Nom'])
    expect(problems).toEqual([
      { file: 'responsables.csv', line: 1, column: 'Nom', message: 'colonne en double (colonnes 1 et 3).' },
    ])
  })

  it('reports an unknown column by name and position, and tolerates unnamed ones', () => {
    const { header, problems } = map(['Nom', 'Pointure', ''])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ file: 'responsables.csv', line: 1, columnNumber: 2 })
    expect(problems[0].message).toMatch(
      /^colonne inconnue « Pointure » \(colonnes attendues : N° famille, Rôle/,
    )
    expect(header.unnamed).toEqual(new Set([2]))
  })

  it('refuses a first line that names no expected column: wrong file, or no header', () => {
    const error = thrown(() => map(['383304832264', 'Responsable', 'M.'])) as CsvError
    expect(error).toBeInstanceOf(CsvError)
    expect(error.message).toContain('aucun nom de colonne reconnu')
    expect(error.message).toContain('responsables.csv')
  })
})
