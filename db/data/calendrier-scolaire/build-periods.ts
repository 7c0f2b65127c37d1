// Regenerates periodes.json, the school holiday periods loaded by the
// migration 20261201-0910-school-holidays, from the CSV beside it, with the
// converter of the import (docs/calendrier.md, « Données livrées »):
//   npx tsx db/data/calendrier-scolaire/build-periods.ts
// The migration reads only the JSON, so that a later change to the converter
// never changes what an old migration wrote; tests/unit/calendar-shipped-data
// checks that the JSON is still what the converter gives.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { toPeriods } from '../../../src-main/backend/calendar/official/convert'
import { readOfficialCsv } from '../../../src-main/backend/calendar/official/csv'

export const CSV_PATH = fileURLToPath(new URL('./fr-en-calendrier-scolaire.csv', import.meta.url))
export const JSON_PATH = fileURLToPath(new URL('./periodes.json', import.meta.url))

export function shippedPeriods() {
  const converted = toPeriods(readOfficialCsv(readFileSync(CSV_PATH, 'utf8')).records)
  return converted.periods
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const periods = shippedPeriods()
  writeFileSync(JSON_PATH, `${JSON.stringify(periods, null, 2)}\n`)
  console.log(`${periods.length} périodes écrites dans ${JSON_PATH}`)
}
