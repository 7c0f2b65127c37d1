import { randomUUID } from 'node:crypto'
import type { DB } from '@db/schema'
import { type decideInput, FINANCE_REQUEST_KINDS } from '@shared/contract/requests'
import { labelOf } from '@shared/domain/options'
import { REQUEST_STATES } from '@shared/domain/requests'
import { type FieldSpec, fieldByKey } from '@shared/fields/index'
import { formatDay, formatInstant } from '@shared/format/date'
import { displayValue } from '@shared/requests/display'
import { payloadFields } from '@shared/requests/kinds'
import { draftReply, replyContextOf, stateOf } from '@shared/requests/reply'
import type { z } from '@shared/zod'
import type { Kysely } from 'kysely'
import { auditRow } from '../audit/service'
import { requireHealthAccess } from '../children/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, invalidField } from '../errors'
import { requireFinanceAccess } from '../settings/service'
import { decideAgendaDates, recordWaitlist } from './agenda-decide'
import { applyAccepted } from './apply'
import { type Assessment, assess, type ItemRecord, loadRequest, type RequestRecord, specOf } from './assess'
import { type DecisionWrites, flushWrites, noWrites } from './decision-writes'
import { familyNames } from './family-name'
import { decodeValue, encodeValue } from './items'

export type DecideInput = z.output<typeof decideInput>

export interface DecideOptions {
  /** Accept every line as requested (bulk validation, `requests decide --validate`). */
  acceptAll?: boolean
  /** A last check inside the transaction: a reason stops the decision. */
  guard?: (a: Assessment) => string | null
  /** How the reply greets the family, when the caller read it already (bulk validation reads a batch's at once). */
  greeting?: (a: Assessment) => string | undefined
  /** Where to gather the rows the caller writes later, once per batch (bulk validation: decision-writes.ts). */
  writes?: DecisionWrites
  /**
   * Called just before the decision's first write: a caller that decides
   * without a savepoint (bulk validation) knows whether a refusal left
   * writes to undo.
   */
  writing?: () => void
  /** The role checks made once for all the decisions of a transaction (bulk validation's batch). */
  access?: AccessChecks
}

/**
 * A role's rights read once per transaction: each check is made the first
 * time a decision needs it, and its answer (a refusal included) is the
 * answer for the transaction's other decisions.
 */
export interface AccessChecks {
  health?: Promise<void>
  finance?: Promise<void>
}
type FinalState = 'validated' | 'refused' | 'partial' | 'closed'

interface Outcome {
  item: ItemRecord
  spec: FieldSpec | undefined
  label: string
  accept: boolean
  reason: string | null
  /** The value applied: the requested one, or the staff member's correction. */
  value: unknown
}

/** The second of two staff deciding the same request is stopped here, inside the transaction. */
async function refuseIfDecided(trx: Kysely<DB>, request: RequestRecord, version: number): Promise<void> {
  if (request.state === 'pending' && request.version === version) return
  if (request.state === 'pending')
    throw new AppError('CONFLICT', 'Cette demande a changé pendant que vous la regardiez : rechargez-la.')
  const by = request.decided_by
    ? await trx
        .selectFrom('staff')
        .select('display_name')
        .where('id', '=', request.decided_by)
        .executeTakeFirst()
    : undefined
  const state = labelOf(REQUEST_STATES, request.state).toLowerCase()
  throw new AppError(
    'CONFLICT',
    `Cette demande a déjà été traitée (${state}${by ? ` par ${by.display_name}` : ''} le ${formatInstant(request.decided_at)}) : votre décision n’a pas été enregistrée et rien n’a été appliqué une seconde fois.`,
  )
}

function correctedValue(spec: FieldSpec | undefined, raw: unknown): unknown {
  if (!spec) return raw
  const parsed = spec.schema.safeParse(raw)
  if (parsed.success) return parsed.data
  throw invalidField(`outcomes.${spec.key}`, spec.label, parsed.error.issues[0]?.message ?? 'valeur invalide')
}

function outcomesOf(a: Assessment, input: DecideInput): Outcome[] {
  const fields = payloadFields(a.spec)
  const known = new Set(a.items.map((i) => i.field))
  const stray = input.outcomes.find((o) => !known.has(o.field))
  if (stray) throw new AppError('VALIDATION', `Ligne inconnue dans cette demande : ${stray.field}.`)
  const correctable = a.spec.mode === 'update' || a.spec.mode === 'add'
  return a.items.map((item) => {
    const spec = fieldByKey(fields, item.field)
    const label = spec?.label ?? formatDay(item.field)
    const given = input.outcomes.find((o) => o.field === item.field)
    if (input.action !== 'close' && !given)
      throw invalidField(`outcomes.${item.field}`, label, 'acceptez ou refusez cette ligne')
    const accept = input.action !== 'close' && given?.accept === true
    const requested = decodeValue(item.requested_value)
    return {
      item,
      spec,
      label,
      accept,
      // An agenda date accepted late keeps the reason staff gave for accepting it (agenda-decide.ts).
      reason: accept && a.spec.mode !== 'agenda' ? null : (given?.reason ?? null),
      value:
        accept && correctable && given?.value !== undefined ? correctedValue(spec, given.value) : requested,
    }
  })
}

function resolutionOf(state: FinalState, a: Assessment, outcomes: Outcome[], actor: string): string {
  const list = (accept: boolean) =>
    outcomes
      .filter((o) => o.accept === accept)
      .map((o) => `${o.label}${!accept && o.reason ? ` (${o.reason})` : ''}`)
      .join(', ')
  const text = {
    validated: `Validée par ${actor} : ${list(true)}.`,
    partial: `Partiellement validée par ${actor} : retenu ${list(true)} ; refusé ${list(false)}.`,
    refused: `Refusée par ${actor} : rien n’a été appliqué.`,
    closed: `Classée sans suite par ${actor}${a.target.notApplicable ? ` (${a.target.notApplicable.replace(/\.$/, '')})` : ''} : rien n’a été appliqué.`,
  }[state]
  return text
}

async function defaultReply(
  trx: Kysely<DB>,
  a: Assessment,
  outcomes: Outcome[],
  state: FinalState,
  known?: string,
) {
  const greeting = known ?? (await familyNames(trx, a.request.family_id)).greeting
  return draftReply(
    replyContextOf({
      familyName: greeting,
      kindLabel: a.spec.label,
      submittedDay: a.request.submitted_at.slice(0, 10),
      state,
      notApplicable: a.target.notApplicable,
      agenda: a.spec.mode === 'agenda',
      mode: a.spec.mode,
      channel: a.request.channel,
      lines: outcomes.map((o) => ({
        label: o.label,
        value: displayValue(o.spec, o.value),
        accept: o.accept,
        reason: o.reason,
      })),
    }),
  )
}

async function record(
  trx: Kysely<DB>,
  ctx: StaffContext,
  a: Assessment,
  outcomes: Outcome[],
  state: FinalState,
  reply: string,
  gathered?: DecisionWrites,
) {
  const now = ctx.clock.now().toISOString()
  const { request, spec } = a
  // Agenda lines are written at once: the waiting list marks them after (agenda-decide.ts).
  const writes = gathered && !a.agenda ? gathered : noWrites()
  writes.items.push(
    ...outcomes.map((o) => ({
      id: o.item.id,
      outcome: o.accept ? ('accepted' as const) : ('refused' as const),
      reason: o.reason,
      appliedValue: o.accept ? encodeValue(o.value) : null,
    })),
  )
  const resolution = resolutionOf(state, a, outcomes, ctx.actor.displayName)
  writes.requests.push({
    id: request.id,
    version: request.version,
    state,
    decidedAt: now,
    decidedBy: ctx.actor.staffId,
    reply,
    resolution,
  })
  writes.messages.push({
    family_id: request.family_id,
    request_id: request.id,
    subject: `Votre demande du ${formatDay(request.submitted_at.slice(0, 10))} : ${spec.label}`,
    body: reply,
    created_at: now,
    created_by: ctx.actor.staffId,
    // Given here, not left to the messages_fill trigger (one UPDATE more per decision).
    public_id: randomUUID(),
    updated_at: now,
    sent_at: now,
    child_id: request.child_id,
  })
  writes.audits.push(
    auditRow(ctx.actor, ctx.clock, {
      action: 'request.decide',
      entityType: 'request',
      entityId: request.id,
      entityVersion: request.version + 1,
      familyId: request.family_id,
      childId: request.child_id,
      requestId: request.id,
      changes: [
        { field: 'etat', label: 'État', before: 'En attente', after: labelOf(REQUEST_STATES, state) },
      ],
      note: `Demande ${request.ref} (${spec.label}) : ${resolution}`,
    }),
  )
  if (writes !== gathered) await flushWrites(trx, writes)
}

/**
 * Decides one request in ONE transaction: checks it is still pending at the
 * version the staff member saw, applies the accepted lines through the
 * files' services, records each line's outcome, the decision, the reply and
 * the message to the family. Anything refused rolls everything back.
 */
export async function decideRequest(
  ctx: StaffContext,
  input: DecideInput,
  options: DecideOptions = {},
): Promise<Assessment> {
  return inTransaction(ctx.db, async (trx) => {
    await decideWithin(trx, ctx, await loadRequest(trx, input.id), input, options)
    return assess(trx, await loadRequest(trx, input.id), ctx.clock.now())
  })
}

/**
 * The decision itself, in the caller's transaction. `assessed` is the
 * request's assessment when the caller already made it in this transaction
 * (bulk validation assesses a batch at once).
 */
export async function decideWithin(
  trx: Kysely<DB>,
  ctx: StaffContext,
  request: RequestRecord,
  input: DecideInput,
  options: DecideOptions = {},
  assessed?: Assessment,
): Promise<void> {
  await refuseIfDecided(trx, request, input.version)
  const access = options.access ?? {}
  if (specOf(request).health) {
    access.health ??= requireHealthAccess(trx, ctx)
    await access.health
  }
  // Bank and tax requests: only a role that may see those figures decides (docs/donnees-de-sante.md).
  if (FINANCE_REQUEST_KINDS.includes(request.kind)) {
    access.finance ??= requireFinanceAccess(trx, ctx.actor)
    await access.finance
  }
  const a = assessed ?? (await assess(trx, request, ctx.clock.now()))
  const obstacle = options.guard?.(a)
  if (obstacle) throw new AppError('CONFLICT', obstacle)
  const asked = outcomesOf(
    a,
    options.acceptAll
      ? { ...input, outcomes: a.items.map((i) => ({ field: i.field, accept: true })) }
      : input,
  )
  // Reservations and absences are applied date by date through the agenda (agenda-decide.ts).
  if (a.agenda) options.writing?.()
  const outcomes = a.agenda ? await decideAgendaDates(trx, ctx, a, input, asked) : asked
  const accepted = outcomes.filter((o) => o.accept)
  if (accepted.length > 0 && !a.agenda) {
    if (a.blocked) throw new AppError('VALIDATION', a.blocked)
    if (a.target.notApplicable)
      throw new AppError(
        'CONFLICT',
        `Cette demande ne s’applique plus : ${a.target.notApplicable} Refusez-la ou classez-la sans suite, avec une réponse à la famille.`,
      )
    if (a.spec.mode === 'delete' && accepted.length !== outcomes.length)
      throw new AppError('VALIDATION', 'Une suppression se valide ou se refuse en entier.')
    options.writing?.()
    await applyAccepted(
      trx,
      ctx,
      a,
      Object.fromEntries(accepted.map((o) => [o.item.field, o.value])),
      options.writes,
    )
  }
  const state: FinalState = input.action === 'close' ? 'closed' : stateOf(outcomes.map((o) => o.accept))
  const reply = input.reply ?? (await defaultReply(trx, a, outcomes, state, options.greeting?.(a)))
  // Its rows are written now unless the caller gathers them (record).
  if (!options.writes || a.agenda) options.writing?.()
  await record(trx, ctx, a, outcomes, state, reply, options.writes)
  if (a.agenda) await recordWaitlist(trx, outcomes)
}
