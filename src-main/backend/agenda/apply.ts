import type { DB } from '@db/schema'
import type { AgendaAssessment, AgendaOutcome } from '@shared/contract/agenda'
import { type AgendaAction, type AgendaState, agendaState } from '@shared/domain/agenda'
import { formatDay } from '@shared/format/date'
import { type Kysely, sql } from 'kysely'
import { type FieldChange, writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import { cellState, type StoredDay } from './cell'
import { type ActOptions, type Decision, decide } from './decide'
import { type AgendaFacts, loadFacts } from './facts'

export interface AgendaDatesInput {
  childId: number
  serviceId: number
  dates: string[]
  action: AgendaAction
  /** The moment of acting: now for staff, the family's submitted_at for a portal request. */
  at: Date
}

export interface ApplyInput extends AgendaDatesInput {
  requestId?: number | null
  motif?: string | null
  justification?: string | null
  /** Why staff accept a late action (needed where the service leaves late actions to staff). */
  lateReason?: string | null
  /** Over capacity: Demande en attente instead of a refusal (reservations only). */
  waitlist?: boolean
}

/**
 * What an action would meet on each date at the moment `at`: the state now
 * (pending requests left out), whether it is on time, the deadline in French,
 * the places left, and what blocks it outright. Reads only.
 */
export async function assessAgendaDates(
  db: Kysely<DB>,
  input: AgendaDatesInput,
): Promise<AgendaAssessment[]> {
  const facts = await loadFacts(db, input)
  return facts.dates.map((f) => {
    const cancelling = input.action === 'absence' || (input.action === 'cancel' && f.under.expected)
    // Lateness is reported by onTime, and the texts staff will type are not asked here:
    // only what would refuse the action whatever they do is `blocked`.
    const probe = { action: input.action, lateReason: 'assessment', justification: 'assessment' }
    const decision = decide(f, facts.service.rules, probe)
    return {
      date: f.date,
      state: f.under.state,
      onTime: cancelling ? f.onTimeCancel : f.onTimeBooking,
      deadline: cancelling ? f.cancelDeadline : f.bookingDeadline,
      placesLeft: f.placesLeft,
      blocked:
        decision.kind === 'refuse' && !decision.reason.startsWith('hors délai') ? decision.reason : null,
    }
  })
}

/**
 * Applies an action on each date inside the caller's transaction `trx`:
 * each date is applied, left unchanged or refused with a French reason; the
 * dates applied are written with one audit entry naming the dates and the
 * service. Used by the staff screens and the CLI (at: now) and by the
 * portal requests (at: the request's submitted_at, requestId set).
 */
export async function applyAgendaDates(
  trx: Kysely<DB>,
  ctx: { actor: Actor; clock: Clock },
  input: ApplyInput,
): Promise<AgendaOutcome[]> {
  const facts = await loadFacts(trx, input)
  const options: ActOptions = {
    action: input.action,
    motif: input.motif ?? null,
    justification: input.justification ?? null,
    lateReason: input.lateReason ?? null,
    waitlist: input.waitlist ?? false,
  }
  const now = ctx.clock.now().toISOString()
  const outcomes: AgendaOutcome[] = []
  const changes: FieldChange[] = []
  let late = false
  for (const f of facts.dates) {
    const decision = decide(f, facts.service.rules, options)
    if (decision.kind === 'refuse' || decision.kind === 'unchanged') {
      outcomes.push({
        date: f.date,
        outcome: decision.kind === 'refuse' ? 'refused' : 'unchanged',
        state: f.under.state,
        reason: decision.reason,
        late: false,
      })
      continue
    }
    const after = await write(trx, input, f.date, decision, now)
    const state = cellState({ day: f.day, enrolment: f.enrolment, stored: after, pending: null }).state
    const isLate = decision.late
    late ||= isLate
    outcomes.push({
      date: f.date,
      outcome:
        decision.kind === 'store' && decision.state === 'demande_en_attente' ? 'waitlisted' : 'applied',
      state,
      reason: isLate ? lateNote(options) : null,
      late: isLate,
    })
    changes.push(change(facts, f.date, f.under.state, state))
  }
  if (changes.length > 0)
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: `agenda.${input.action}`,
      entityType: 'agenda',
      entityId: input.childId,
      childId: input.childId,
      familyId: facts.childFamilyId,
      requestId: input.requestId ?? null,
      changes,
      note: auditNote(facts, options, late),
    })
  return outcomes
}

/**
 * Marks the dates of a refused reservation request as Réservation refusée
 * (where nothing else is stored), in the caller's transaction, with one
 * audit entry. For the portal requests' review.
 */
export async function refuseAgendaDates(
  trx: Kysely<DB>,
  ctx: { actor: Actor; clock: Clock },
  input: {
    childId: number
    serviceId: number
    dates: string[]
    requestId?: number | null
    reason?: string | null
  },
): Promise<AgendaOutcome[]> {
  const facts = await loadFacts(trx, { ...input, at: ctx.clock.now() })
  const now = ctx.clock.now().toISOString()
  const outcomes: AgendaOutcome[] = []
  const changes: FieldChange[] = []
  for (const f of facts.dates) {
    if (f.stored && f.stored.state !== 'demande_en_attente') {
      outcomes.push({ date: f.date, outcome: 'unchanged', state: f.under.state, reason: null, late: false })
      continue
    }
    const decision: Decision = {
      kind: 'store',
      state: 'reservation_refusee',
      booked: false,
      late: false,
      note: input.reason,
    }
    const after = await write(trx, input, f.date, decision, now)
    const state = cellState({ day: f.day, enrolment: f.enrolment, stored: after, pending: null }).state
    outcomes.push({ date: f.date, outcome: 'applied', state, reason: input.reason ?? null, late: false })
    changes.push(change(facts, f.date, f.under.state, state))
  }
  if (changes.length > 0)
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'agenda.refuse',
      entityType: 'agenda',
      entityId: input.childId,
      childId: input.childId,
      familyId: facts.childFamilyId,
      requestId: input.requestId ?? null,
      changes,
      note: `${facts.service.structureName} — ${facts.service.name}${input.reason ? ` : ${input.reason}` : ''}`,
    })
  return outcomes
}

async function write(
  trx: Kysely<DB>,
  input: { childId: number; serviceId: number; requestId?: number | null; lateReason?: string | null },
  day: string,
  decision: Extract<Decision, { kind: 'store' | 'delete' }>,
  now: string,
): Promise<StoredDay | null> {
  const where = { child_id: input.childId, service_id: input.serviceId, day }
  if (decision.kind === 'delete') {
    await trx
      .deleteFrom('agenda_exceptions')
      .where('child_id', '=', where.child_id)
      .where('service_id', '=', where.service_id)
      .where('day', '=', day)
      .execute()
    return null
  }
  const values = {
    state: decision.state,
    note: decision.note ?? null,
    booked: decision.booked ? 1 : 0,
    late: decision.late ? 1 : 0,
    late_reason: decision.late ? (input.lateReason ?? null) : null,
    justification: decision.justification ?? null,
    justified_on: decision.justifiedOn ?? null,
    request_id: input.requestId ?? null,
    updated_at: now,
  }
  await trx
    .insertInto('agenda_exceptions')
    .values({ ...where, ...values, created_at: now })
    .onConflict((oc) =>
      oc
        .columns(['child_id', 'service_id', 'day'])
        .doUpdateSet({ ...values, version: sql`agenda_exceptions.version + 1` }),
    )
    .execute()
  return { state: decision.state, note: values.note, booked: decision.booked, late: decision.late }
}

function change(
  facts: AgendaFacts,
  day: string,
  before: AgendaState | null,
  after: AgendaState | null,
): FieldChange {
  return {
    field: day,
    label: `${facts.service.name} — ${formatDay(day)}`,
    before: before ? agendaState(before).label : null,
    after: after ? agendaState(after).label : null,
  }
}

function lateNote(options: ActOptions): string {
  if (options.action === 'absence') return 'hors délai'
  return options.lateReason ? `hors délai, accepté : ${options.lateReason}` : 'hors délai'
}

function auditNote(facts: AgendaFacts, options: ActOptions, late: boolean): string {
  const parts = [`${facts.service.structureName} — ${facts.service.name}`]
  if (options.motif) parts.push(`motif : ${options.motif}`)
  if (options.justification) parts.push(`justificatif : ${options.justification}`)
  if (late) parts.push(options.lateReason ? `hors délai, accepté : ${options.lateReason}` : 'hors délai')
  return parts.join(' ; ')
}
