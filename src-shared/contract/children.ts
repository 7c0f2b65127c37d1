import {
  AUTHORIZED_PERSON_FIELDS,
  CHILD_FIELDS,
  createSchema,
  HEALTH_CONDITION_FIELDS,
  patchSchema,
  VACCINATION_FIELDS,
} from '../fields/index'
import { identifier } from '../validation/values'
import { z } from '../zod'
import { channel, childFileReads } from './define'
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
}

const id = z.number().int().positive()
const version = z.number().int().positive().describe('Version')
const childId = id.describe('Enfant')

const addInput = (fields: Parameters<typeof createSchema>[0]) =>
  z.object({ childId, values: createSchema(fields) }).strict()
const updateInput = (fields: Parameters<typeof patchSchema>[0]) =>
  z.object({ id, version, patch: patchSchema(fields) }).strict()
const deleteInput = z.object({ id, version }).strict()

/** Every channel here answers with the child's file: health data in it is traced (docs/donnees-de-sante.md). */
const file = { health: { where: 'fiche de l’enfant', reads: childFileReads } }

export const childChannels = {
  'children/get': channel(z.object({ id: childId }).strict()).returns<ChildFile>(file),
  'children/getByIdentifier': channel(
    z.object({ identifier: identifier('Identifiant') }).strict(),
  ).returns<ChildFile>(file),
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
