import { CsvError, type ProblemList } from './problems'

// Maps a file's header row to the expected columns. Exact names first (what
// Marelle and a careful Excel user write); then, for files from other
// software, a loose match that ignores case, accents, spaces, punctuation and
// apostrophe variants, and reads "No", "Nº", "Numéro" as "N°". A column may be
// missing (its field is then left as it is); an unknown or repeated one is a
// problem that names it.

/** "Complément d’adresse  1" and "complement d'adresse 1" give the same key. */
export function looseKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/^(?:n\s*°|numero\b|num\b\.?|no\b\.?|n\b\.?)/, 'n ')
    .replace(/[^\p{L}\p{N}]/gu, '')
}

export interface HeaderMap<C extends string> {
  /** For each position in the file, the column it holds; undefined for an empty, unknown or repeated name. */
  positions: (C | undefined)[]
  /** Positions whose header cell is empty: their cells must be empty too. */
  unnamed: Set<number>
  /** Expected columns found, in file order. */
  present: C[]
  /** Expected columns the file lacks: their fields are left as they are. */
  missing: C[]
  /** Columns recognised by the loose match, with the name as the file spells it, for the preview. */
  renamed: { column: C; found: string }[]
}

export function mapHeader<C extends string>(
  cells: readonly string[],
  expected: readonly C[],
  line: number,
  problems: ProblemList,
): HeaderMap<C> {
  const byKey = new Map(expected.map((column) => [looseKey(column), column]))
  const takenAt = new Map<C, number>()
  const map: HeaderMap<C> = { positions: [], unnamed: new Set(), present: [], missing: [], renamed: [] }
  const take = (position: number, column: C) => {
    const first = takenAt.get(column)
    if (first !== undefined) {
      const [a, b] = [first, position].sort((x, y) => x - y).map((p) => p + 1)
      problems.add({ line, column, message: `colonne en double (colonnes ${a} et ${b}).` })
      return
    }
    takenAt.set(column, position)
    map.positions[position] = column
    if (cells[position] !== column) map.renamed.push({ column, found: cells[position] })
  }
  const exact = new Set<string>(expected)
  cells.forEach((name, p) => {
    if (exact.has(name)) take(p, name as C)
  })
  cells.forEach((name, p) => {
    if (exact.has(name)) return
    const column = byKey.get(looseKey(name))
    if (column !== undefined) take(p, column)
    else if (name.trim() === '') map.unnamed.add(p)
    else
      problems.add({
        line,
        columnNumber: p + 1,
        message: `colonne inconnue « ${name.trim()} » (colonnes attendues : ${expected.join(', ')}).`,
      })
  })
  if (takenAt.size === 0) throw noHeader(problems, expected, line)
  map.positions.length = cells.length
  map.present = [...takenAt.entries()].sort((a, b) => a[1] - b[1]).map(([column]) => column)
  map.missing = expected.filter((column) => !takenAt.has(column))
  return map
}

function noHeader(problems: ProblemList, expected: readonly string[], line: number): CsvError {
  const file = problems.file
  return new CsvError({
    file,
    line,
    message: `aucun nom de colonne reconnu : la première ligne doit porter les noms des colonnes (${expected.join(', ')}). Est-ce bien le fichier ${file} ?`,
  })
}
