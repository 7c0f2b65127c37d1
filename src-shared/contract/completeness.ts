import { z } from '../zod'
import { channel, type HealthReads } from './define'

/** What a child's file needs before staff can validate it. */
export const CHECKLIST_ITEMS = [
  { value: 'email', label: 'E-mail du responsable' },
  { value: 'authorized_person', label: 'Au moins une personne autorisée' },
  { value: 'vaccinations', label: 'Vaccinations obligatoires' },
  { value: 'health_form', label: 'Fiche sanitaire remplie' },
  { value: 'pai', label: 'PAI en cours de validité' },
] as const

export type ChecklistKey = (typeof CHECKLIST_ITEMS)[number]['value']

export interface ChecklistItem {
  key: ChecklistKey
  label: string
  ok: boolean
  /** French detail ("Manquent : Coqueluche, Hépatite B"); health details only for roles that see health data. */
  detail: string | null
}

export interface ChildChecklist {
  childId: number
  complete: boolean
  items: ChecklistItem[]
  validatedAt: string | null
  validatedBy: string | null
}

export interface CompletenessCounts {
  /** Children (still attending) whose file misses something. */
  incomplete: number
  /** Complete files nobody has validated yet. */
  toValidate: number
  /** Validated files that are no longer complete (nobody left to pick the child up, a PAI expired…): counted in `incomplete` too. */
  lapsed: number
}

export interface CompletenessRow {
  childId: number
  identifier: string
  lastName: string
  firstName: string
  familyId: number
  familyNumber: string
  missing: ChecklistKey[]
  validatedAt: string | null
}

export const COMPLETENESS_STATES = [
  { value: 'incomplete', label: 'Incomplets' },
  { value: 'to_validate', label: 'Complets, à valider' },
] as const

const childId = z.number().int().positive().describe('Enfant')

/** The checklist items whose details are health data (given only to roles that may see it). */
export const HEALTH_CHECKLIST_ITEMS: readonly ChecklistKey[] = ['vaccinations', 'health_form', 'pai']

const checklistReads = (list: ChildChecklist): HealthReads =>
  list.items.some((i) => HEALTH_CHECKLIST_ITEMS.includes(i.key) && i.detail !== null)
    ? { children: [{ childId: list.childId }] }
    : null
const checklist = { health: { where: 'liste des pièces du dossier', reads: checklistReads } }

export const completenessChannels = {
  'completeness/counts': channel(z.object({}).strict()).returns<CompletenessCounts>(),
  'completeness/list': channel(
    z
      .object({
        state: z.enum(['incomplete', 'to_validate']).describe('Dossiers').default('incomplete'),
        offset: z.number().int().min(0).describe('Début').default(0),
        limit: z.number().int().min(1).max(500).describe('Nombre de lignes').default(100),
      })
      .strict(),
  ).returns<{ rows: CompletenessRow[]; total: number }>(),
  'completeness/checklist': channel(z.object({ childId }).strict()).returns<ChildChecklist>(checklist),
  'completeness/validate': channel(
    z.object({ childId, version: z.number().int().positive().describe('Version') }).strict(),
  ).returns<ChildChecklist>(checklist),
}
