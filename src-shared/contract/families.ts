import { createSchema, FAMILY_FIELDS, GUARDIAN_FIELDS, patchSchema } from '../fields/index'
import { day, identifier, integer } from '../validation/values'
import { z } from '../zod'
import { channel } from './define'
import type { RecordView } from './records'

export interface QuotientView {
  id: number
  qf: number
  validFrom: string
  validTo: string | null
}

export interface ChildSummary {
  id: number
  identifier: string
  lastName: string
  firstName: string
  birthDate: string | null
  school: string | null
  classLevel: string | null
  validatedAt: string | null
  /** Complete today: a validated file that is no longer complete must not show as validated. */
  fileComplete: boolean
}

export interface PendingRequestSummary {
  id: number
  ref: string
  kind: string
  childId: number | null
  submittedAt: string
}

export interface GuardianView extends RecordView {
  role: 'responsable' | 'conjoint'
}

/** Everything of one family staff see in its file. */
export interface FamilyFile extends RecordView {
  number: string
  quotients: QuotientView[]
  /** The QF valid today, or the latest one. */
  currentQuotient: QuotientView | null
  responsable: GuardianView | null
  conjoint: GuardianView | null
  children: ChildSummary[]
  pendingRequests: PendingRequestSummary[]
  createdAt: string
  updatedAt: string
}

export const familyId = z.number().int().positive().describe('Famille')
const version = z.number().int().positive().describe('Version')
const guardianRole = z.enum(['responsable', 'conjoint']).describe('Rôle')

export const familyNumberSchema = identifier('N° famille')

export const saveGuardianInput = z
  .object({
    familyId,
    role: guardianRole,
    /** null to create the conjoint the family does not have yet. */
    version: version.nullable(),
    patch: patchSchema(GUARDIAN_FIELDS),
  })
  .strict()

export const setQuotientInput = z
  .object({
    familyId,
    qf: integer('QF', 0, 100_000).pipe(z.number({ message: 'obligatoire' })),
    qf_du: day('QF du').pipe(z.string({ message: 'obligatoire' })),
    qf_au: day('QF au').optional(),
  })
  .strict()

export const familyChannels = {
  'families/get': channel(z.object({ id: familyId }).strict()).returns<FamilyFile>(),
  'families/getByNumber': channel(z.object({ number: familyNumberSchema }).strict()).returns<FamilyFile>(),
  'families/create': channel(
    z.object({ number: familyNumberSchema.optional(), responsable: createSchema(GUARDIAN_FIELDS) }).strict(),
  ).returns<FamilyFile>(),
  'families/update': channel(
    z.object({ id: familyId, version, patch: patchSchema(FAMILY_FIELDS) }).strict(),
  ).returns<FamilyFile>(),
  'families/saveGuardian': channel(saveGuardianInput).returns<FamilyFile>(),
  'families/removeConjoint': channel(z.object({ familyId, version }).strict()).returns<FamilyFile>(),
  'families/setQuotient': channel(setQuotientInput).returns<FamilyFile>(),
}
