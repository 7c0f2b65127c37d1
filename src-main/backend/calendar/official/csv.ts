import { parse } from 'csv-parse/sync'
import { looseKey } from '../../csv/header'
import { ImportFileError } from './errors'
import { parisDayOf } from './paris-day'
import type { OfficialRecord, ReadFile } from './records'

// The CSV export of "fr-en-calendrier-scolaire": ";" separator, a header row
// with either the API field names (start_date…) or the French column labels
// of the portal's export (« Date de début »…).

type Field = 'description' | 'population' | 'start' | 'end' | 'location' | 'zones' | 'schoolYear'

const HEADERS: Record<string, Field> = {
  description: 'description',
  population: 'population',
  startdate: 'start',
  datededebut: 'start',
  debut: 'start',
  enddate: 'end',
  datedefin: 'end',
  fin: 'end',
  location: 'location',
  academies: 'location',
  academie: 'location',
  zones: 'zones',
  zone: 'zones',
  anneescolaire: 'schoolYear',
}

const REQUIRED: Field[] = ['description', 'start', 'zones']

const LABELS: Record<Field, string> = {
  description: 'description (Description)',
  population: 'population (Population)',
  start: 'start_date (Date de début)',
  end: 'end_date (Date de fin)',
  location: 'location (Académies)',
  zones: 'zones (Zones)',
  schoolYear: 'annee_scolaire (Année scolaire)',
}

export function readOfficialCsv(text: string): ReadFile {
  let rows: string[][]
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: ';',
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][]
  } catch (error) {
    const line = (error as { lines?: number }).lines
    throw new ImportFileError(
      `CSV illisible${line ? ` à la ligne ${line}` : ''} (guillemets mal placés ?) : le calendrier scolaire officiel est un CSV séparé par « ; ».`,
    )
  }
  if (rows.length === 0) throw new ImportFileError('Le fichier est vide.')
  const positions = new Map<Field, number>()
  rows[0].forEach((cell, i) => {
    const field = HEADERS[looseKey(cell)]
    if (field && !positions.has(field)) positions.set(field, i)
  })
  const missing = REQUIRED.filter((f) => !positions.has(f))
  if (missing.length > 0)
    throw new ImportFileError(
      `Ce n’est pas le calendrier scolaire officiel (séparateur « ; ») : colonne(s) manquante(s) : ${missing
        .map((f) => LABELS[f])
        .join(', ')}.`,
    )
  const cell = (row: string[], field: Field) => {
    const at = positions.get(field)
    return at === undefined ? '' : (row[at] ?? '').trim()
  }
  const records: OfficialRecord[] = rows.slice(1).map((row, i) => ({
    where: `ligne ${i + 2}`,
    description: cell(row, 'description'),
    population: cell(row, 'population'),
    start: parisDayOf(cell(row, 'start')),
    end: parisDayOf(cell(row, 'end')),
    location: cell(row, 'location'),
    zones: cell(row, 'zones'),
    schoolYear: cell(row, 'schoolYear'),
  }))
  return { format: 'csv', records, ignored: [] }
}
