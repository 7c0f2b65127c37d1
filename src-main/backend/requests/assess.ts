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
import { requestValues, resolveTargets, type TargetState } from './targets'

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

function lineOf(
  request: RequestRecord,
  spec: KindSpec,
  item: ItemRecord,
  target: TargetState,
  superseded: Map<string, string>,
): ReviewLine {
  const field = fieldByKey(payloadFields(spec), item.field)
  const seen = decodeValue(item.seen_value) as FieldValue | undefined
  const compares = spec.mode === 'update' || spec.mode === 'delete'
  const current = compares ? ((target.current?.[item.field] ?? null) as FieldValue) : undefined
  return {
    field: item.field,
    label: field?.label ?? formatDay(item.field),
    ...(current === undefined ? {} : { current }),
    ...(seen === undefined ? {} : { seen }),
    requested: decodeValue(item.requested_value) as FieldValue,
    applied: item.applied_value === null ? null : (decodeValue(item.applied_value) as FieldValue),
    // Once decided, the file holds what the decision applied: a difference with `seen` is no conflict any more.
    conflict:
      request.state === 'pending' && seen !== undefined && current !== undefined && !sameValue(current, seen),
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

export function specOf(request: RequestRecord): KindSpec {
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
