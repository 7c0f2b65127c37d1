import type { DB } from '@db/schema'
import type { createRequestInput } from '@shared/contract/requests'
import { renameAliases } from '@shared/fields/index'
import { KIND_SPECS, payloadFields } from '@shared/requests/kinds'
import { payloadSchema } from '@shared/requests/payload'
import { formatIssues } from '@shared/validation/format-issues'
import type { z } from '@shared/zod'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { envelopeSchema, parseEnvelope } from './intake-line'
import { storeRequests } from './store'
import { parisDay, parisIso, parisMidnight } from './time'

type CreateInput = z.output<typeof createRequestInput>

/** "M-20261127-000003": M for "manuelle", the day, then a number that grows through the day. */
async function nextManualRef(trx: Kysely<DB>, day: string): Promise<string> {
  const prefix = `M-${day.replaceAll('-', '')}-`
  const last = await trx
    .selectFrom('requests')
    .select('ref')
    .where('ref', '>=', prefix)
    .where('ref', '<', `${prefix}z`)
    .orderBy('ref', 'desc')
    .executeTakeFirst()
  const next = last ? Number(last.ref.slice(prefix.length)) + 1 : 1
  return `${prefix}${String(next).padStart(6, '0')}`
}

/**
 * When a paper or phone request came: the day staff typed (today when they
 * typed none) at the time they typed, else at midnight, the time being
 * marked unknown (submitted_time_known = 0) rather than invented.
 */
function receivedInstant(day: string, time: string | undefined): string {
  const [hours, minutes] = (time ?? '00:00').split(':').map(Number)
  return parisIso(new Date(parisMidnight(day).getTime() + (hours * 60 + minutes) * 60_000))
}

/** Payload problems named per field, so that the form puts each under its input. */
function checkPayload(input: CreateInput): void {
  const spec = KIND_SPECS[input.kind]
  const schema = payloadSchema(spec)
  const parsed = schema.safeParse(renameAliases(payloadFields(spec), input.payload))
  if (parsed.success) return
  const fields = formatIssues(parsed.error, schema).map((p) => ({
    ...p,
    path: p.path ? `payload.${p.path}` : 'payload',
  }))
  throw new AppError('VALIDATION', fields.map((f) => f.message).join('\n'), fields)
}

/**
 * A request received on paper or by phone, typed by staff: the same checks
 * and the same queue as the portal's, with its channel and who typed it.
 */
export async function createManualRequest(ctx: StaffContext, input: CreateInput) {
  checkPayload(input)
  const now = ctx.clock.now()
  const submittedAt = receivedInstant(input.receivedOn ?? parisDay(now), input.receivedTime)
  return inTransaction(ctx.db, async (trx) => {
    const ref = await nextManualRef(trx, parisDay(now))
    const envelope = envelopeSchema.parse({
      ref,
      submitted_at: submittedAt,
      family: input.family,
      ...(input.child ? { child: input.child } : {}),
      kind: input.kind,
      payload: input.payload,
      ...(input.seen ? { seen: input.seen } : {}),
      ...(input.comment ? { comment: input.comment } : {}),
    })
    const parsed = parseEnvelope(envelope)
    if (!parsed.ok) throw new AppError('VALIDATION', parsed.reason)
    const stored = await storeRequests(trx, ctx, [{ line: 1, request: parsed.request }], {
      channel: input.channel,
      enteredBy: ctx.actor.staffId,
      submittedTimeKnown: input.receivedTime !== undefined,
    })
    if (stored.errors.length > 0) throw new AppError('VALIDATION', stored.errors[0].reason)
    const { id } = stored.inserted[0]
    const request = await trx
      .selectFrom('requests')
      .select(['family_id', 'child_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'request.create',
      entityType: 'request',
      entityId: id,
      familyId: request.family_id,
      childId: request.child_id,
      requestId: id,
      note: `Demande ${ref} saisie (${input.channel}) : ${KIND_SPECS[input.kind].label}`,
    })
    return { id, ref }
  })
}
