import type { DB, RequestItemsTable, RequestsTable } from '@db/schema'
import type { FieldValue } from '@shared/contract/records'
import type { ReviewLine } from '@shared/contract/requests'
import { fieldByKey } from '@shared/fields/index'
import { formatDay } from '@shared/format/date'
import { CALENDAR_MISSING, type KindSpec, kindSpec, payloadFields } from '@shared/requests/kinds'
import type { Kysely, Selectable } from 'kysely'
import { AppError, notFound } from '../errors'
import type { FieldValues } from '../records/values'
import { decodeValue } from './items'
import { requestValues, resolveTarget, type TargetState } from './targets'

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

/** Fields that a newer pending request on the same subject also asks about (it did not cover them all). */
async function supersededFields(trx: Kysely<DB>, request: RequestRecord): Promise<Map<string, string>> {
  const map = new Map<string, string>()
  if (request.state !== 'pending') return map
  const rows = await trx
    .selectFrom('requests as r')
    .innerJoin('request_items as i', 'i.request_id', 'r.id')
    .select(['r.ref', 'i.field'])
    .where('r.subject', '=', request.subject)
    .where('r.kind', '=', request.kind)
    .where('r.state', '=', 'pending')
    .where('r.id', '!=', request.id)
    .where('r.submitted_at_utc', '>=', request.submitted_at_utc)
    .orderBy('r.submitted_at_utc', 'desc')
    .execute()
  for (const row of rows) map.set(row.field, row.ref)
  return map
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

/** Reads a request with its lines, finds its target now, and marks conflicts (current ≠ seen). */
export async function assess(trx: Kysely<DB>, request: RequestRecord, now: Date): Promise<Assessment> {
  const spec = specOf(request)
  const items = await trx
    .selectFrom('request_items')
    .selectAll()
    .where('request_id', '=', request.id)
    .orderBy('position')
    .execute()
  const values = requestValues(spec, request.payload)
  const target = await resolveTarget(trx, spec, request, values, now)
  const superseded = await supersededFields(trx, request)
  const lines = items.map((item) => lineOf(request, spec, item, target, superseded))
  return {
    request,
    spec,
    items,
    values,
    target,
    lines,
    conflict: lines.some((l) => l.conflict),
    blocked: spec.mode === 'agenda' ? CALENDAR_MISSING : null,
  }
}
