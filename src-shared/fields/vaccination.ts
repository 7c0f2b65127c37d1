import { requiredPastDay } from '../validation/past-day'
import { day, requiredText, text } from '../validation/values'
import type { FieldSpec } from './spec'

/** A vaccination (vaccinations.csv; the portal's vaccination.add payload). */
export const VACCINATION_FIELDS: FieldSpec[] = [
  {
    key: 'vaccin',
    column: 'vaccine_name',
    label: 'Vaccin',
    csv: 'Vaccin',
    kind: 'text',
    required: true,
    schema: requiredText('Vaccin'),
  },
  {
    key: 'date',
    column: 'vaccinated_on',
    label: 'Date',
    csv: 'Date',
    kind: 'day',
    required: true,
    past: true,
    schema: requiredPastDay('Date', 'une vaccination ne peut pas être datée dans le futur'),
  },
  { key: 'dose', column: 'dose', label: 'Dose', csv: 'Dose', kind: 'text', schema: text('Dose', 30) },
  { key: 'lot', column: 'lot', label: 'Lot', csv: 'Lot', kind: 'text', schema: text('Lot', 30) },
  {
    key: 'date_rappel',
    aliases: ['date_de_rappel'],
    column: 'booster_on',
    label: 'Date de rappel',
    csv: 'Date de rappel',
    kind: 'day',
    schema: day('Date de rappel'),
  },
  {
    key: 'medecin',
    column: 'doctor',
    label: 'Médecin',
    csv: 'Médecin',
    kind: 'text',
    schema: text('Médecin', 100),
  },
]
