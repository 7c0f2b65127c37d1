import { REQUEST_KINDS, REQUEST_STATES } from '../domain/requests'
import type { RequestMode } from '../requests/kinds'
import { day, identifier, text } from '../validation/values'
import { z } from '../zod'
import { type ChildHealthRead, channel, type HealthReads } from './define'
import type { FieldValue } from './records'

export type RequestStateCode = (typeof REQUEST_STATES)[number]['value']
export type RequestKindCode = (typeof REQUEST_KINDS)[number]['value']

/** One line of the queue. */
export interface QueueRow {
  id: number
  ref: string
  kind: RequestKindCode
  kindLabel: string
  channel: 'portail' | 'papier' | 'téléphone'
  state: RequestStateCode
  /** As sent, with its offset. */
  submittedAt: string
  /** False when only the day is known (paper or phone, no time typed): show the day alone. */
  submittedTimeKnown: boolean
  /** Days since it was sent (pending), or that it waited before its decision. */
  daysWaiting: number
  familyId: number
  familyNumber: string
  /** The responsable's name. */
  familyName: string
  childId: number | null
  childIdentifier: string | null
  childName: string | null
  needsReview: boolean
  /** Some current value differs from what the family saw. */
  conflict: boolean
  /** Why it can no longer be applied (the person to delete is gone…), else null. */
  notApplicable: string | null
  replacedByRef: string | null
}

export interface QueuePage {
  rows: QueueRow[]
  total: number
}

export interface RequestCounts {
  pending: number
  needsReview: number
  byKind: { kind: RequestKindCode; label: string; count: number }[]
}

/** One field (or day) of a request as staff review it. Values in stored form. */
export interface ReviewLine {
  /** Field key (its name in docs/demandes-portail.md) or, for agenda kinds, the day 'yyyy-mm-dd'. */
  field: string
  label: string
  /** Value in the file now; undefined when there is nothing to compare (an addition, the agenda). */
  current?: FieldValue
  /** What the family saw; undefined when the family did not say. */
  seen?: FieldValue
  requested: FieldValue
  applied: FieldValue | null
  conflict: boolean
  outcome: 'pending' | 'accepted' | 'refused'
  reason: string | null
  /** A newer pending request that also changes this field. */
  supersededBy: string | null
}

export interface RecordLine {
  field: string
  label: string
  value: FieldValue
}

export interface RequestReview {
  id: number
  ref: string
  version: number
  kind: RequestKindCode
  kindLabel: string
  mode: RequestMode
  channel: QueueRow['channel']
  state: RequestStateCode
  stateLabel: string
  submittedAt: string
  /** False when only the day is known (paper or phone, no time typed): show the day alone. */
  submittedTimeKnown: boolean
  receivedAt: string
  daysWaiting: number
  comment: string | null
  needsReview: boolean
  health: boolean
  family: { id: number; number: string; name: string; greeting: string }
  child: { id: number; identifier: string; name: string } | null
  enteredBy: string | null
  decidedAt: string | null
  decidedBy: string | null
  reply: string | null
  resolution: string | null
  replacedBy: { id: number; ref: string } | null
  replaces: { id: number; ref: string }[]
  /** Which record an update or a deletion is about (nom + prénom, type + libellé). */
  identity: RecordLine[]
  lines: ReviewLine[]
  /** A deletion: the record as it is now (it goes away if validated). */
  recordNow: RecordLine[] | null
  agenda: AgendaReview | null
  notApplicable: string | null
  /** Why validating is impossible whatever the lines say (an agenda request whose service is unknown). */
  blocked: string | null
  conflict: boolean
  /** What validating would cause that staff should know first (the last person allowed to pick the child up goes). */
  warning: string | null
}

/** One date of a reservation or absence request as staff review it (docs/demandes-portail.md). */
export interface AgendaReviewDay {
  date: string
  /** The state the agenda shows now under the request (code of src-shared/domain/agenda.ts), null: empty cell. */
  state: string | null
  stateLabel: string | null
  /** Within the service's deadline, evaluated at the moment the family sent the request. */
  onTime: boolean
  /** The deadline in French (« jeudi 06/07/2017 à 18 h 00 ») or a short explanation. */
  deadline: string
  /** Places left that day; null: no limit. */
  placesLeft: number | null
  /** Why the date cannot be accepted at all (service closed, child not enrolled…), or null. */
  blocked: string | null
  /** Once decided: « acceptée », « refusée » or « en attente ». */
  decision: 'acceptée' | 'refusée' | 'en attente' | null
}

export interface AgendaReview {
  /** As the family wrote it. */
  service: string
  motif: string | null
  /** The service found from that name or code; null when none was. */
  serviceId: number | null
  serviceName: string | null
  serviceCode: string | null
  structureName: string | null
  /** Over capacity, a reservation date may go on the waiting list. */
  canWaitlist: boolean
  /** Holidays of the current or next school year not known: said plainly, with how to import them. */
  holidaysNotice: string | null
  days: AgendaReviewDay[]
}

export interface ImportSummary {
  imported: number
  duplicates: number
  errors: { line: number; reason: string }[]
}

export interface BulkSummary {
  applied: { id: number; ref: string }[]
  skipped: { id: number; ref: string; reason: string }[]
}

export interface DecisionsExport {
  fileName: string
  text: string
  count: number
  /** The requests about health data whose replies the file holds (for the audit trace). */
  healthRequests: ChildHealthRead[]
  /** How many replies are about bank details or tax figures (refused to roles without that right). */
  financeReplies: number
}

/** Requests about bank details or tax figures: reviewed and decided only by the roles allowed to see them. */
export const FINANCE_REQUEST_KINDS: readonly string[] = ['bank.update', 'fiscal.update']

/** A review of a request about health data shows that data (traced, docs/donnees-de-sante.md). */
const reviewReads = (r: RequestReview): HealthReads =>
  r.health && r.child ? { children: [{ childId: r.child.id, familyId: r.family.id, requestId: r.id }] } : null
const review = {
  health: { where: 'demande de la famille', reads: reviewReads },
  finance: { holds: (r: RequestReview) => FINANCE_REQUEST_KINDS.includes(r.kind) },
}

const id = z.number().int().positive().describe('Demande')
const kindValues = REQUEST_KINDS.map((k) => k.value) as [RequestKindCode, ...RequestKindCode[]]
const stateValues = REQUEST_STATES.map((s) => s.value) as [RequestStateCode, ...RequestStateCode[]]

export const listRequestsInput = z
  .object({
    kinds: z.array(z.enum(kindValues)).max(20).optional(),
    /** 'decided' stands for every state but pending. */
    states: z
      .array(z.enum([...stateValues, 'decided']))
      .max(10)
      .optional(),
    /** N° famille (or its start) or the responsable's name. */
    family: z.string().trim().max(100).optional(),
    from: day('Du').optional(),
    to: day('Au').optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict()

export const createRequestInput = z
  .object({
    channel: z.enum(['papier', 'téléphone']).describe('Canal'),
    family: identifier('N° famille'),
    child: identifier('Enfant').optional(),
    kind: z.enum(kindValues).describe('Type de demande'),
    payload: z.record(z.string(), z.unknown()).describe('Contenu'),
    seen: z.record(z.string(), z.unknown()).optional(),
    comment: text('Commentaire', 2000).optional(),
    /** Day the form arrived or the family called; today when not given. */
    receivedOn: day('Reçue le').optional(),
    /** Time the form arrived or the family called, 'hh:mm'; without it, only the day is known. */
    receivedTime: z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'heure attendue (hh:mm, par exemple 09:30)')
      .optional()
      .describe('Reçue à'),
  })
  .strict()

export const decideInput = z
  .object({
    id,
    version: z.number().int().positive().describe('Version'),
    /** 'close': classée sans suite (no longer applies), nothing applied. */
    action: z.enum(['decide', 'close']).default('decide'),
    outcomes: z
      .array(
        z
          .object({
            field: z.string().max(100),
            accept: z.boolean(),
            reason: text('Motif du refus', 500).optional(),
            /** A corrected value, validated like the field itself. */
            value: z.unknown().optional(),
            /** A reservation date over capacity, not accepted: on the waiting list (Demande en attente). */
            waitlist: z.boolean().optional(),
          })
          .strict(),
      )
      .max(400)
      .default([]),
    /** Text for the family; drafted from the templates when not given. */
    reply: text('Réponse', 5000).optional(),
  })
  .strict()

/** A whole portal export fits (50,000 requests are about 20 MB). The import runs as a job: follow it with jobs/status, its result is an ImportSummary. */
const IMPORT_MAX_BYTES = 48 * 1024 * 1024

export const requestChannels = {
  'requests/import': channel(
    z.object({ text: z.string().max(IMPORT_MAX_BYTES), fileName: z.string().max(255).optional() }).strict(),
    { maxBytes: IMPORT_MAX_BYTES },
  ).returns<{ jobId: string }>(),
  'requests/create': channel(createRequestInput).returns<{ id: number; ref: string }>(),
  'requests/list': channel(listRequestsInput).returns<QueuePage>(),
  'requests/counts': channel(z.object({}).strict()).returns<RequestCounts>(),
  'requests/get': channel(z.object({ id }).strict()).returns<RequestReview>(review),
  'requests/decide': channel(decideInput).returns<RequestReview>(review),
  'requests/bulkValidate': channel(
    z.object({ ids: z.array(id).min(1).max(5000) }).strict(),
  ).returns<BulkSummary>(),
  'requests/exportDecisions': channel(
    z.object({ since: z.string().trim().min(1).max(40).describe('Depuis') }).strict(),
  ).returns<DecisionsExport>({
    health: {
      where: 'export des décisions pour le portail',
      reads: (out) => ({ children: out.healthRequests }),
    },
    finance: { holds: (out) => out.financeReplies > 0 },
  }),
}
