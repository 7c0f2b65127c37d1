import periods from '../data/calendrier-scolaire/periodes.json'
import type { Migration } from './types'

// The school holidays of zones A, B and C from 2015-2016 to 2025-2026, as the
// official calendar gives them (Ministère de l'Éducation nationale, calendrier
// scolaire, Licence Ouverte; corrections in docs/calendrier.md). periodes.json
// is generated from the CSV beside it by build-periods.ts; this migration
// reads only the JSON so that what it writes never changes. A period already
// there (same zone, school year and name) is left as it is.

/** Where a shipped period comes from, as the Vacances scolaires tab shows it. */
export const SHIPPED_SOURCE = 'calendrier officiel livré avec Marelle'

interface ShippedPeriod {
  zone: string
  name: string
  kind: string
  school_year: string
  starts_on: string
  resumes_on: string | null
}

export const schoolHolidays: Migration = {
  name: '20261201-0910-school-holidays',
  up(db) {
    const now = new Date().toISOString()
    const insert = db.prepare(
      `INSERT INTO school_holidays (zone, name, kind, school_year, starts_on, resumes_on, source, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (zone, school_year, name) DO NOTHING`,
    )
    for (const p of periods as ShippedPeriod[])
      insert.run(p.zone, p.name, p.kind, p.school_year, p.starts_on, p.resumes_on, SHIPPED_SOURCE, now, now)
  },
}
