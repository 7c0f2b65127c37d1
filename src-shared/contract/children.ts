import {
  AUTHORIZED_PERSON_FIELDS,
  CHILD_FIELDS,
  CHILD_HEALTH_FIELDS,
  createSchema,
  HEALTH_CONDITION_FIELDS,
  patchSchema,
  VACCINATION_FIELDS,
} from '../fields/index'
import { identifier } from '../validation/values'
import { z } from '../zod'
import { channel, type HealthReads } from './define'
import { familyId } from './families'
import type { RecordView } from './records'

export interface VaccinationView extends RecordView {
  /** The catalogue product the name matched, with the diseases it covers. */
  productName: string | null
  diseases: string[]
}

/** One child's file. `values` hold the health fields and `health` is set only for roles allowed to see health data. */
export interface ChildFile extends RecordView {
  identifier: string
  familyId: number
  familyNumber: string
  responsableName: string | null
  canSeeHealth: boolean
  authorizedPersons: RecordView[]
  health: { vaccinations: VaccinationView[]; conditions: RecordView[] } | null
  validatedAt: string | null
  validatedBy: string | null
  /** Complete today (completeness checklist): a validated file that is no longer complete must not show as validated. */
  fileComplete: boolean
}

const id = z.number().int().positive()
const version = z.number().int().positive().describe('Version')
const childId = id.describe('Enfant')

const addInput = (fields: Parameters<typeof createSchema>[0]) =>
  z.object({ childId, values: createSchema(fields) }).strict()
const updateInput = (fields: Parameters<typeof patchSchema>[0]) =>
  z.object({ id, version, patch: patchSchema(fields) }).strict()
const deleteInput = z.object({ id, version }).strict()

const readOf = (file: ChildFile): HealthReads => ({
  children: [{ childId: file.id, familyId: file.familyId }],
})

/** True when the file shows some health data: a vaccination, a condition, a health field filled in. */
function holdsHealthData(file: ChildFile): boolean {
  if (!file.health) return false
  if (file.health.vaccinations.length > 0 || file.health.conditions.length > 0) return true
  return CHILD_HEALTH_FIELDS.some((f) => ![null, undefined, false, ''].includes(file.values[f.key] as never))
}

// Every channel here answers with the child's file; the dispatcher traces the health data in it
// (docs/donnees-de-sante.md). Opening a file is a look at its health part, even an empty one; the
// answer to a change counts when it shows health data (a new child's empty file does not).
const opened = {
  health: { where: 'fiche de l’enfant', reads: (f: ChildFile) => (f.health ? readOf(f) : null) },
}
const file = {
  health: { where: 'fiche de l’enfant', reads: (f: ChildFile) => (holdsHealthData(f) ? readOf(f) : null) },
}

export const childChannels = {
  'children/get': channel(z.object({ id: childId }).strict()).returns<ChildFile>(opened),
  'children/getByIdentifier': channel(
    z.object({ identifier: identifier('Identifiant') }).strict(),
  ).returns<ChildFile>(opened),
  'children/create': channel(
    z
      .object({
        familyId,
        identifier: identifier('Identifiant').optional(),
        values: createSchema(CHILD_FIELDS),
      })
      .strict(),
  ).returns<ChildFile>(file),
  'children/update': channel(updateInput(CHILD_FIELDS)).returns<ChildFile>(file),
  'authorizedPersons/add': channel(addInput(AUTHORIZED_PERSON_FIELDS)).returns<ChildFile>(file),
  'authorizedPersons/update': channel(updateInput(AUTHORIZED_PERSON_FIELDS)).returns<ChildFile>(file),
  'authorizedPersons/delete': channel(deleteInput).returns<ChildFile>(file),
  'vaccinations/add': channel(addInput(VACCINATION_FIELDS)).returns<ChildFile>(file),
  'vaccinations/update': channel(updateInput(VACCINATION_FIELDS)).returns<ChildFile>(file),
  'vaccinations/delete': channel(deleteInput).returns<ChildFile>(file),
  'healthConditions/add': channel(addInput(HEALTH_CONDITION_FIELDS)).returns<ChildFile>(file),
  'healthConditions/update': channel(updateInput(HEALTH_CONDITION_FIELDS)).returns<ChildFile>(file),
  'healthConditions/delete': channel(deleteInput).returns<ChildFile>(file),
}
