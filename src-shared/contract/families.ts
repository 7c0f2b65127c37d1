import {
  BANK_FIELDS,
  createSchema,
  FAMILY_FIELDS,
  FISCAL_FIELDS,
  GUARDIAN_FIELDS,
  patchSchema,
} from '../fields/index'
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
  /** The day the last child left, once every child has a departure date (docs/depart-et-archivage.md). */
  archivedOn: string | null
  /** Archived today: every child has left. */
  archived: boolean
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

/** Bank details and tax figures: seen and changed only by the roles Paramètres names (docs/comptes.md). */
export const FINANCE_FIELD_KEYS: readonly string[] = [...FISCAL_FIELDS, ...BANK_FIELDS].map((f) => f.key)

/** The file without bank details and tax figures, for a role without that right. */
export function withoutFinance(file: FamilyFile): FamilyFile {
  return {
    ...file,
    values: Object.fromEntries(
      Object.entries(file.values).filter(([key]) => !FINANCE_FIELD_KEYS.includes(key)),
    ),
  }
}

/** False when the file came without them (the screens then hide the Fiscal and Banque tabs). */
export const showsFinance = (file: FamilyFile): boolean =>
  FINANCE_FIELD_KEYS.some((key) => Object.hasOwn(file.values, key))

const file = { finance: { redact: withoutFinance } }

export const familyChannels = {
  'families/get': channel(z.object({ id: familyId }).strict()).returns<FamilyFile>(file),
  'families/getByNumber': channel(z.object({ number: familyNumberSchema }).strict()).returns<FamilyFile>(
    file,
  ),
  'families/create': channel(
    z.object({ number: familyNumberSchema.optional(), responsable: createSchema(GUARDIAN_FIELDS) }).strict(),
  ).returns<FamilyFile>(file),
  'families/update': channel(
    z.object({ id: familyId, version, patch: patchSchema(FAMILY_FIELDS) }).strict(),
  ).returns<FamilyFile>({
    finance: {
      redact: withoutFinance,
      touches: (input) => Object.keys(input.patch).some((key) => FINANCE_FIELD_KEYS.includes(key)),
    },
  }),
  'families/saveGuardian': channel(saveGuardianInput).returns<FamilyFile>(file),
  'families/removeConjoint': channel(z.object({ familyId, version }).strict()).returns<FamilyFile>(file),
  'families/setQuotient': channel(setQuotientInput).returns<FamilyFile>(file),
}
