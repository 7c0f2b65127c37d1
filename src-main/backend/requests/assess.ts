import type { DB, RequestItemsTable, RequestsTable } from '@db/schema'
import type { FieldValue } from '@shared/contract/records'
import type { ReviewLine } from '@shared/contract/requests'
import { fieldByKey } from '@shared/fields/index'
import { formatDay } from '@shared/format/date'
import { type KindSpec, kindSpec, payloadFields } from '@shared/requests/kinds'
import type { Kysely, Selectable } from 'kysely'
import { AppError, notFound } from '../errors'
import type { FieldValues } from '../records/values'
import { type AgendaAssessed, assessAgendaRequests } from './agenda-assess'
import { chunks } from './chunks'
import { decodeValue } from './items'
import { mayNoLongerApply, type RequestRow, requestValues, resolveTargets, type TargetState } from './targets'

export type RequestRecord = Selectable<RequestsTable>
export type ItemRecord = Selectable<RequestItemsTable>

/** Everything known about one request to review, decide or list it. */
export interface Assessment {
  request: RequestRecord
  spec: KindSpec
  items: ItemRecord[]
  values: FieldValues
  target: TargetState
  lines: ReviewLine[]
  conflict: boolean
  /** Reservations and absences: the service and each date as the agenda sees it (agenda-assess.ts). */
  agenda: AgendaAssessed | null
  /** Validation impossible whatever the lines say. */
  blocked: string | null
}

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null)

/** Changes and deletions compare the file as it is now with what the family saw. */
const compares = (spec: KindSpec) => spec.mode === 'update' || spec.mode === 'delete'

/**
 * A line is in conflict while its request is pending and the file now holds
 * something else than what the family saw when it wrote (once decided, the
 * file holds what the decision applied: a difference with `seen` is no
 * conflict any more).
 */
function conflictOf(
  state: string,
  spec: KindSpec,
  target: TargetState,
  field: string,
  seen: FieldValue | undefined,
): boolean {
  if (state !== 'pending' || seen === undefined || !compares(spec)) return false
  return !sameValue(target.current?.[field] ?? null, seen)
}

function lineOf(
  request: RequestRecord,
  spec: KindSpec,
  item: ItemRecord,
  target: TargetState,
  superseded: Map<string, string>,
): ReviewLine {
  const field = fieldByKey(payloadFields(spec), item.field)
  const seen = decodeValue(item.seen_value) as FieldValue | undefined
  const current = compares(spec) ? ((target.current?.[item.field] ?? null) as FieldValue) : undefined
  return {
    field: item.field,
    label: field?.label ?? formatDay(item.field),
    ...(current === undefined ? {} : { current }),
    ...(seen === undefined ? {} : { seen }),
    requested: decodeValue(item.requested_value) as FieldValue,
    applied: item.applied_value === null ? null : (decodeValue(item.applied_value) as FieldValue),
    conflict: conflictOf(request.state, spec, target, item.field, seen),
    outcome: item.outcome,
    reason: item.reason,
    supersededBy: superseded.get(item.field) ?? null,
  }
}

/**
 * For each pending request, the fields that a newer pending request of the
 * same kind on the same subject also asks about (it did not cover them all).
 */
async function supersededFields(
  trx: Kysely<DB>,
  requests: RequestRecord[],
): Promise<Map<number, Map<string, string>>> {
  const out = new Map<number, Map<string, string>>()
  const pending = requests.filter((r) => r.state === 'pending')
  const rows: { id: number; ref: string; kind: string; subject: string; at: string; field: string }[] = []
  for (const part of chunks([...new Set(pending.map((r) => r.subject))]))
    rows.push(
      ...(await trx
        .selectFrom('requests as r')
        .innerJoin('request_items as i', 'i.request_id', 'r.id')
        .select(['r.id', 'r.ref', 'r.kind', 'r.subject', 'r.submitted_at_utc as at', 'i.field'])
        .where('r.subject', 'in', part)
        .where('r.state', '=', 'pending')
        .execute()),
    )
  const bySubject = new Map<string, typeof rows>()
  for (const row of rows) bySubject.set(row.subject, [...(bySubject.get(row.subject) ?? []), row])
  for (const request of pending) {
    const map = new Map<string, string>()
    // Oldest last: the next request after this one that asks about a field is the one named.
    const newer = (bySubject.get(request.subject) ?? [])
      .filter(
        (row) => row.kind === request.kind && row.id !== request.id && row.at >= request.submitted_at_utc,
      )
      .sort((a, b) => b.at.localeCompare(a.at))
    for (const row of newer) map.set(row.field, row.ref)
    out.set(request.id, map)
  }
  return out
}

export async function loadRequest(trx: Kysely<DB>, id: number): Promise<RequestRecord> {
  const request = await trx.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst()
  if (!request) throw notFound('Demande')
  return request
}

export function specOf(request: { kind: string }): KindSpec {
  const spec = kindSpec(request.kind)
  if (!spec) throw new AppError('VALIDATION', `Type de demande inconnu : ${request.kind}.`)
  return spec
}

/**
 * Reads requests with their lines, finds their targets now, and marks
 * conflicts (current ≠ seen, while pending). A batch costs a few queries
 * whatever its size: a page of the queue, or a bulk validation's requests.
 */
export async function assessAll(
  trx: Kysely<DB>,
  requests: RequestRecord[],
  now: Date,
  /** The queue needs no agenda dates (each costs the service's month for its capacity). */
  options: { agendaDays?: boolean } = {},
): Promise<Assessment[]> {
  const specs = requests.map(specOf)
  const items = new Map<number, ItemRecord[]>()
  for (const part of chunks(requests.map((r) => r.id)))
    for (const item of await trx
      .selectFrom('request_items')
      .selectAll()
      .where('request_id', 'in', part)
      .orderBy('request_id')
      .orderBy('position')
      .execute()) {
      const group = items.get(item.request_id)
      if (group) group.push(item)
      else items.set(item.request_id, [item])
    }
  const values = requests.map((r, i) => requestValues(specs[i], r.payload))
  const targets = await resolveTargets(
    trx,
    requests.map((request, i) => ({ spec: specs[i], request, values: values[i] })),
    now,
  )
  const superseded = await supersededFields(trx, requests)
  const agenda = await assessAgendaRequests(trx, requests, values, options.agendaDays ?? true)
  return requests.map((request, i) => {
    const spec = specs[i]
    const own = items.get(request.id) ?? []
    const lines = own.map((item) =>
      lineOf(request, spec, item, targets[i], superseded.get(request.id) ?? new Map()),
    )
    return {
      request,
      spec,
      items: own,
      values: values[i],
      target: targets[i],
      lines,
      conflict: lines.some((l) => l.conflict),
      agenda: agenda[i],
      blocked: agenda[i]?.problem ?? null,
    }
  })
}

/** Reads a request with its lines, finds its target now, and marks conflicts (current ≠ seen). */
export async function assess(trx: Kysely<DB>, request: RequestRecord, now: Date): Promise<Assessment> {
  const [a] = await assessAll(trx, [request], now)
  return a
}

/** The columns of a request that its queue flags depend on. */
export type FlaggedRequest = RequestRow & { state: string }

/** What the queue shows of a pending request's assessment. */
export interface QueueFlags {
  conflict: boolean
  notApplicable: string | null
}

/**
 * The queue's two flags for a page of requests, by the rules of `assessAll`
 * (a line in conflict, a target that no longer applies), reading only what
 * can set them: the lines with a seen value of the changes and deletions,
 * and the targets of those and of the kinds that can stop applying. A page
 * of portal requests sent without what the family saw reads no target at
 * all, and none of the agenda or of the newer requests on the same subject,
 * which the queue does not show (docs/architecture.md, « La première page de
 * la file »).
 */
export async function queueFlags(
  trx: Kysely<DB>,
  requests: FlaggedRequest[],
  now: Date,
): Promise<Map<number, QueueFlags>> {
  const pending = requests.filter((r) => r.state === 'pending')
  const specs = new Map(pending.map((r) => [r.id, specOf(r)]))
  const seen = new Map<number, { field: string; seen: FieldValue }[]>()
  const compared = pending.filter((r) => compares(specs.get(r.id) as KindSpec)).map((r) => r.id)
  for (const part of chunks(compared))
    for (const item of await trx
      .selectFrom('request_items')
      .select(['request_id', 'field', 'seen_value'])
      .where('request_id', 'in', part)
      .where('seen_value', 'is not', null)
      .execute()) {
      const line = { field: item.field, seen: decodeValue(item.seen_value) as FieldValue }
      const group = seen.get(item.request_id)
      if (group) group.push(line)
      else seen.set(item.request_id, [line])
    }
  const targeted = pending.filter((r) => seen.has(r.id) || mayNoLongerApply(specs.get(r.id) as KindSpec))
  const targets = await resolveTargets(
    trx,
    targeted.map((request) => {
      const spec = specs.get(request.id) as KindSpec
      return { spec, request, values: requestValues(spec, request.payload) }
    }),
    now,
  )
  const out = new Map<number, QueueFlags>()
  targeted.forEach((request, i) => {
    const spec = specs.get(request.id) as KindSpec
    const target = targets[i]
    out.set(request.id, {
      conflict: (seen.get(request.id) ?? []).some((l) =>
        conflictOf(request.state, spec, target, l.field, l.seen),
      ),
      notApplicable: target.notApplicable,
    })
  })
  return out
}
