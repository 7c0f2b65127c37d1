import { dayInFrance } from '@shared/format/date'
import ICAL from 'ical.js'
import { ImportFileError } from './errors'
import type { OfficialRecord, ReadFile } from './records'

// The ICS files of "fr-en-calendrier-scolaire" (one per zone, or one for
// A, B, C and Corse), read with ical.js. Each event is one piece of a period:
// SUMMARY « Vacances d'Hiver - Zones A/B », LOCATION « Zones A/B » (or the
// académies), DTSTART the official start day, DTEND the resume day. A period
// shared by several zones is one event naming them all; a period that starts
// on different days per zone comes in pieces (merged by convert.ts).

type Time = InstanceType<typeof ICAL.Time>

/** A day of an ICS date or date-time: a date as written; a stamp with a zone in Paris time. */
function dayOfTime(time: Time | null | undefined): string | null {
  if (!time) return null
  const zone = time.zone?.tzid
  if (time.isDate || zone === 'floating' || zone === undefined) {
    return `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`
  }
  return dayInFrance(new Date(time.toUnixTime() * 1000))
}

const ZONE_WORDS = /\s+-\s+((?:zones?\s+[A-C](?:\s*\/\s*[A-C])*)?(?:\s*-?\s*corse)?)\s*$/i

/** The zones an event names: « Zones A/B/C - Corse » → ['Zone A', 'Zone B', 'Zone C', 'Corse']. */
export function zonesNamed(text: string): string[] {
  const found: string[] = []
  const letters = /zones?\s+([A-C](?:\s*\/\s*[A-C])*)/i.exec(text)
  if (letters) for (const l of letters[1].split('/')) found.push(`Zone ${l.trim().toUpperCase()}`)
  if (/\bcorse\b/i.test(text)) found.push('Corse')
  return found
}

export function readOfficialIcs(text: string, fallbackZone: string | null = null): ReadFile {
  let root: InstanceType<typeof ICAL.Component>
  try {
    root = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '')))
  } catch (error) {
    throw new ImportFileError(`ICS illisible : ${(error as Error).message.split('\n')[0]}`)
  }
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz)
  const calendarName = String(root.getFirstPropertyValue('x-wr-calname') ?? '')
  const calendarZones = zonesNamed(calendarName)
  const records: OfficialRecord[] = []
  const ignored: ReadFile['ignored'] = []
  root.getAllSubcomponents('vevent').forEach((component, i) => {
    const event = new ICAL.Event(component)
    const where = `événement ${i + 1}`
    const summary = (event.summary ?? '').trim()
    const location = (event.location ?? '').trim()
    let zones = zonesNamed(location)
    if (zones.length === 0) zones = zonesNamed(summary.match(ZONE_WORDS)?.[0] ?? '')
    if (zones.length === 0) zones = calendarZones
    if (zones.length === 0 && fallbackZone) zones = [fallbackZone]
    const description = summary.replace(ZONE_WORDS, '').trim()
    if (zones.length === 0) {
      ignored.push({ where, description: summary, reason: 'zone non indiquée (SUMMARY ou LOCATION)' })
      return
    }
    const population = /enseignants/i.test(summary)
      ? 'Enseignants'
      : /[ée]l[èe]ves/i.test(summary)
        ? 'Élèves'
        : '-'
    const start = dayOfTime(event.startDate)
    const end = component.hasProperty('dtend') ? dayOfTime(event.endDate) : null
    for (const zone of zones)
      records.push({
        where,
        description,
        population,
        start,
        end,
        location: zonesNamed(location).length > 0 ? '' : location,
        zones: zone,
        schoolYear: '',
      })
  })
  if (records.length === 0 && ignored.length === 0)
    throw new ImportFileError('Ce fichier ICS ne contient aucun événement.')
  return { format: 'ics', records, ignored }
}
