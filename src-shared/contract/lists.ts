import { requiredDay, text } from '../validation/values'
import { z } from '../zod'
import { channel, type HealthReads } from './define'

// The day's work (docs/listes-du-jour.md): who is expected at each service of
// a structure on a day, with who may pick each child up; the animateurs'
// marks; the kitchen's meal counts; each as PDF or CSV. Built on the agenda.

const id = (label: string) => z.number().int().positive().describe(label)
const time = (label: string) =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'heure invalide (hh:mm)' })
    .nullable()
    .optional()
    .describe(label)

export interface ListPerson {
  id: number
  lastName: string
  firstName: string
  relationship: string
  phone: string | null
  mobile: string | null
  notes: string | null
}

export interface AttendanceMark {
  presence: 'present' | 'absent'
  arrivedAt: string | null
  leftAt: string | null
  pickedUpBy: number | null
  pickedUpName: string | null
  version: number
}

/** One child on a day's list. Health fields (pai, allergens, diet) are null for roles without the health right. */
export interface DayListChild {
  childId: number
  identifier: string
  lastName: string
  firstName: string
  school: string | null
  classLevel: string | null
  /** The agenda's state of the day for this service. */
  state: string | null
  stateLabel: string | null
  /** Expected by the agenda (Régulier, Réservé, hors contrat). */
  expected: boolean
  fileValidated: boolean
  pai: { validUntil: string | null; expired: boolean; packedMeal: boolean } | null
  allergens: string[] | null
  diet: string | null
  canPickUp: ListPerson[]
  forbidden: ListPerson[]
  emergency: ListPerson[]
  mark: AttendanceMark | null
}

export interface DayListService {
  serviceId: number
  code: string
  name: string
  kind: string
  open: boolean
  calendarLabel: string | null
  expected: number
  capacity: number | null
  /** "Journée validée": an expected child with no mark counts as present. */
  validatedAt: string | null
  present: number
  absent: number
  children: DayListChild[]
  /** Enrolled in the service but not expected this day: who may still be marked present (a walk-in). */
  others: { childId: number; lastName: string; firstName: string; classLevel: string | null }[]
}

export interface DayList {
  structureId: number
  structureName: string
  commune: string
  date: string
  /** False: health data is left out for this role (PAI, allergies, diet). */
  healthShown: boolean
  services: DayListService[]
}

export interface AllergenCount {
  allergen: string
  label: string
  count: number
  children: { childId: number; lastName: string; firstName: string; classLevel: string | null }[]
}

export interface KitchenDay {
  date: string
  serviceId: number
  code: string
  service: string
  total: number
  /** Meals by diet: 'standard' and each neutral diet of the records. */
  byDiet: Record<string, number>
  /** Packed meals brought under a PAI. */
  packedMeals: number
  byAllergen: AllergenCount[]
  /** The last order sent for this day and service, and what changed since. */
  lastSentAt: string | null
  changesSinceSent: { added: string[]; removed: string[]; changed: string[] } | null
}

export interface KitchenCount {
  structureId: number
  structureName: string
  commune: string
  from: string
  to: string
  healthShown: boolean
  days: KitchenDay[]
}

export interface ListFile {
  fileName: string
  /** The file's bytes, base64 (web mode and preview); null when written to a granted path. */
  base64: string | null
  /** Children whose health data (PAI, allergies, diet) the file carries: traced in the audit log. */
  healthChildren: number
}

/** Lists and files carry PAI, allergies and diets for roles allowed to see them: traced as one bulk read. */
const dayReads = (list: DayList): HealthReads =>
  list.healthShown
    ? {
        bulk: {
          scope: `liste du ${list.date}, ${list.structureName}`,
          count: list.services.reduce((n, s) => n + s.children.length, 0),
        },
      }
    : null
const kitchenReads = (count: KitchenCount): HealthReads =>
  count.healthShown
    ? {
        bulk: {
          scope: `repas du ${count.from} au ${count.to}, ${count.structureName}`,
          count: count.days.reduce((n, d) => n + d.total, 0),
        },
      }
    : null
const fileReads = (file: ListFile): HealthReads =>
  file.healthChildren > 0
    ? { bulk: { scope: `impression ${file.fileName}`, count: file.healthChildren } }
    : null

const lineReads = (line: DayListChild): HealthReads =>
  line.pai || line.allergens || line.diet ? { children: [{ childId: line.childId }] } : null

const dayInput = z
  .object({ structureId: id('Structure'), date: requiredDay('Date'), serviceId: id('Service').optional() })
  .strict()
const kitchenInput = z
  .object({ structureId: id('Structure'), from: requiredDay('Du'), to: requiredDay('Au') })
  .strict()
  .refine((v) => v.from <= v.to, { message: 'Au : doit être après Du', path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 62 * 86_400_000, {
    message: 'Au : deux mois au plus',
    path: ['to'],
  })
const format = z.enum(['pdf', 'csv']).describe('Format')
/** Desktop: a path granted by files/chooseSave; without it the file comes back as base64. */
const path = z.string().max(4096).optional()

export const listChannels = {
  'lists/structures': channel(z.object({}).strict()).returns<
    { id: number; name: string; services: { id: number; code: string; name: string; kind: string }[] }[]
  >(),
  /** The day's list of a structure, for one service or all. */
  'lists/day': channel(dayInput).returns<DayList>({ health: { where: 'liste du jour', reads: dayReads } }),
  /** Marks a child present or absent, with times and who picked them up (chosen among the authorised persons). */
  'lists/mark': channel(
    z
      .object({
        childId: id('Enfant'),
        serviceId: id('Service'),
        date: requiredDay('Date'),
        presence: z.enum(['present', 'absent']).nullable().describe('Présence'),
        arrivedAt: time('Arrivée'),
        leftAt: time('Départ'),
        pickedUpBy: id('Récupéré par').nullable().optional(),
        /** Who came, when it is not a person of the list: refused with a warning that names them. */
        pickedUpName: text('Récupéré par', 100).optional(),
        version: z.number().int().positive().optional().describe('Version'),
      })
      .strict(),
  ).returns<DayListChild>({ health: { where: 'pointage', reads: lineReads } }),
  /** An Absence à vérifier becomes Absent facturé or Absent exécuté. */
  'lists/resolveAbsence': channel(
    z
      .object({
        childId: id('Enfant'),
        serviceId: id('Service'),
        date: requiredDay('Date'),
        outcome: z.enum(['absent_facture', 'absent_execute']).describe('Décision'),
        reason: text('Motif', 200).optional(),
      })
      .strict(),
  ).returns<DayListChild>({ health: { where: 'pointage', reads: lineReads } }),
  /** "Journée validée", or reopened. */
  'lists/validateDay': channel(
    z
      .object({
        serviceId: id('Service'),
        date: requiredDay('Date'),
        validated: z.boolean().describe('Validée'),
      })
      .strict(),
  ).returns<{ validatedAt: string | null }>(),
  'lists/kitchen': channel(kitchenInput).returns<KitchenCount>({
    health: { where: 'commande de repas', reads: kitchenReads },
  }),
  /** Marks the order of a day and meal service as sent to the kitchen. */
  'lists/kitchenSent': channel(
    z.object({ serviceId: id('Service'), date: requiredDay('Date') }).strict(),
  ).returns<{
    sentAt: string
  }>(),
  'lists/dayFile': channel(dayInput.extend({ format, path })).returns<ListFile>({
    health: { where: 'liste du jour imprimée', reads: fileReads },
  }),
  'lists/kitchenFile': channel(
    z
      .object({ structureId: id('Structure'), from: requiredDay('Du'), to: requiredDay('Au'), format, path })
      .strict(),
  ).returns<ListFile>({ health: { where: 'commande de repas imprimée', reads: fileReads } }),
}
