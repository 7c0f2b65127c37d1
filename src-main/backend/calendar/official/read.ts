import { readOfficialCsv } from './csv'
import { readOfficialIcs } from './ics'
import { readOfficialJson } from './json'
import type { ReadFile } from './records'

/** Reads an official file as CSV, JSON or ICS: by its extension, else by its first characters. */
export function readOfficialFile(text: string, fileName: string): ReadFile {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase()
  const head = text.replace(/^\uFEFF/, '').trimStart()
  if (ext === 'ics' || ext === 'ical' || head.startsWith('BEGIN:VCALENDAR'))
    return readOfficialIcs(text, zoneOfName(fileName))
  if (ext === 'json' || head.startsWith('[') || head.startsWith('{')) return readOfficialJson(text)
  return readOfficialCsv(text)
}

/** The zone a per-zone ICS file is named for: « Zone-A.ics » → 'Zone A', « Corse.ics » → 'Corse'. */
function zoneOfName(fileName: string): string | null {
  const base = fileName.replace(/^.*[\\/]/, '')
  if (/^corse\b/i.test(base)) return 'Corse'
  const m = /^zone[-_ ]([a-c])\.ic/i.exec(base)
  return m ? `Zone ${m[1].toUpperCase()}` : null
}
