import { ImportFileError } from './errors'
import { parisDayOf } from './paris-day'
import type { OfficialRecord, ReadFile } from './records'

// The JSON export of "fr-en-calendrier-scolaire": an array of records with
// the API field names, or, from the older API, records holding them under
// `fields` (`record.fields` in v2); `{ "results": [...] }` as the API answers.

type Json = Record<string, unknown>

function fieldsOf(item: unknown): Json | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return null
  const o = item as Json
  if (o.fields && typeof o.fields === 'object') return o.fields as Json
  const record = o.record as Json | undefined
  if (record?.fields && typeof record.fields === 'object') return record.fields as Json
  return o
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')

export function readOfficialJson(text: string): ReadFile {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new ImportFileError('JSON illisible : le fichier n’est pas un export JSON valide.')
  }
  const list = Array.isArray(data)
    ? data
    : Array.isArray((data as Json | null)?.results)
      ? ((data as Json).results as unknown[])
      : Array.isArray((data as Json | null)?.records)
        ? ((data as Json).records as unknown[])
        : null
  if (!list)
    throw new ImportFileError(
      'Ce JSON n’est pas l’export du calendrier scolaire (une liste d’enregistrements).',
    )
  const records: OfficialRecord[] = []
  list.forEach((item, i) => {
    const f = fieldsOf(item)
    if (!f || !('description' in f) || !('start_date' in f))
      throw new ImportFileError(
        `Enregistrement ${i + 1} : champs description et start_date attendus (export JSON du calendrier scolaire).`,
      )
    records.push({
      where: `enregistrement ${i + 1}`,
      description: str(f.description),
      population: str(f.population),
      start: parisDayOf(str(f.start_date)),
      end: parisDayOf(str(f.end_date)),
      location: str(f.location),
      zones: str(f.zones),
      schoolYear: str(f.annee_scolaire),
    })
  })
  return { format: 'json', records, ignored: [] }
}
