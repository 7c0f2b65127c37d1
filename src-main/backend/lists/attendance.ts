import type { DB } from '@db/schema'
import type { DayListChild } from '@shared/contract/lists'
import { ABSENCE_STATES } from '@shared/domain/agenda'
import { formatDay } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { computeAgenda } from '../agenda/compute'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { canSeeHealth } from '../settings/service'
import { type ChildDetails, loadChildDetails } from './child-details'
import { listChild, loadMarks, markKey } from './day-list'

// The animateurs' marks (docs/listes-du-jour.md). What they record feeds the
// agenda: a child present with nothing expected gets the service's
// « Heure hors contrat » or « Réservations Hors Contrat »; a child expected
// and marked absent with nothing declared gets « Absence à vérifier » until
// staff decide between Absent facturé and Absent exécuté. Such stored days
// carry the note below, so that undoing the mark undoes them.

export const MARK_NOTE = 'Noté au pointage'

export interface MarkInput {
  childId: number
  serviceId: number
  date: string
  presence: 'present' | 'absent' | null
  arrivedAt?: string | null
  leftAt?: string | null
  pickedUpBy?: number | null
  pickedUpName?: string | null
  version?: number
}

async function serviceOf(db: Kysely<DB>, serviceId: number) {
  const service = await db
    .selectFrom('services')
    .select(['id', 'name', 'code', 'structure_id', 'unplanned_state'])
    .where('id', '=', serviceId)
    .executeTakeFirst()
  if (!service) throw new AppError('NOT_FOUND', 'Service introuvable.')
  return service
}

async function cellOf(db: Kysely<DB>, childId: number, serviceId: number, date: string) {
  const agenda = await computeAgenda(db, { childIds: [childId] }, date, date)
  const row = agenda.rows.find((r) => r.serviceId === serviceId)
  if (!row) throw new AppError('VALIDATION', 'Cet enfant n’est pas inscrit à ce service ce jour-là.')
  return row.cells[0]
}

const fullName = (p: { lastName: string; firstName: string }) => `${p.lastName} ${p.firstName}`.trim()
const sameName = (a: string, b: string) =>
  a.localeCompare(b, 'fr', { sensitivity: 'base' }) === 0 ||
  a.split(/\s+/).reverse().join(' ').localeCompare(b, 'fr', { sensitivity: 'base' }) === 0

/** Who picked the child up: one of the persons allowed; a forbidden or unknown person is refused, named. */
function pickUp(details: ChildDetails, input: MarkInput): { id: number | null; name: string | null } {
  if (input.pickedUpBy) {
    const forbidden = details.forbidden.find((p) => p.id === input.pickedUpBy)
    if (forbidden)
      throw new AppError(
        'VALIDATION',
        `Attention : ${fullName(forbidden)} est INTERDIT(E) de récupérer ${details.firstName} ${details.lastName}. Ne lui confiez pas l’enfant.`,
      )
    const allowed = details.canPickUp.find((p) => p.id === input.pickedUpBy)
    if (!allowed) throw new AppError('VALIDATION', 'Cette personne n’est pas autorisée à récupérer l’enfant.')
    return { id: allowed.id, name: fullName(allowed) }
  }
  const typed = input.pickedUpName?.trim()
  if (!typed) return { id: null, name: null }
  const forbidden = details.forbidden.find((p) => sameName(fullName(p), typed))
  if (forbidden)
    throw new AppError(
      'VALIDATION',
      `Attention : ${fullName(forbidden)} est INTERDIT(E) de récupérer ${details.firstName} ${details.lastName}. Ne lui confiez pas l’enfant.`,
    )
  const allowed = details.canPickUp.find((p) => sameName(fullName(p), typed))
  if (!allowed)
    throw new AppError(
      'VALIDATION',
      `${typed} n’est pas sur la liste des personnes autorisées à récupérer ${details.firstName} ${details.lastName} : appelez un responsable de l’enfant avant de le confier.`,
    )
  return { id: allowed.id, name: fullName(allowed) }
}

async function storedDay(trx: Kysely<DB>, input: MarkInput) {
  return trx
    .selectFrom('agenda_exceptions')
    .select(['id', 'state', 'note', 'booked', 'version'])
    .where('child_id', '=', input.childId)
    .where('service_id', '=', input.serviceId)
    .where('day', '=', input.date)
    .executeTakeFirst()
}

/** Takes back what an earlier mark stored: a booked day is a reservation again, another day is computed again. */
async function undoMarkDay(
  trx: Kysely<DB>,
  input: MarkInput,
  attendance: 'regulier' | 'reservation',
  now: string,
) {
  const stored = await storedDay(trx, input)
  if (!stored || stored.note !== MARK_NOTE) return
  if (stored.booked === 1)
    await trx
      .updateTable('agenda_exceptions')
      .set({
        state: attendance === 'reservation' ? 'reserve' : 'reservation_hors_contrat',
        note: null,
        updated_at: now,
        version: stored.version + 1,
      })
      .where('id', '=', stored.id)
      .execute()
  else await trx.deleteFrom('agenda_exceptions').where('id', '=', stored.id).execute()
}

/** Lays the mark over the agenda (see the top of this file); returns the stored state written, if any. */
async function markDay(
  trx: Kysely<DB>,
  input: MarkInput,
  service: { unplanned_state: 'heure_hors_contrat' | 'reservation_hors_contrat' },
  now: string,
): Promise<string | null> {
  if (input.presence === null) return null
  const cell = await cellOf(trx, input.childId, input.serviceId, input.date)
  const stored = await storedDay(trx, input)
  if (input.presence === 'present') {
    if (cell.expected || stored) return null
    await trx
      .insertInto('agenda_exceptions')
      .values({
        child_id: input.childId,
        service_id: input.serviceId,
        day: input.date,
        state: service.unplanned_state,
        note: MARK_NOTE,
        created_at: now,
        updated_at: now,
      })
      .execute()
    return service.unplanned_state
  }
  if (!cell.expected || ABSENCE_STATES.includes(cell.state as never)) return null
  if (stored)
    await trx
      .updateTable('agenda_exceptions')
      .set({ state: 'absence_a_verifier', note: MARK_NOTE, updated_at: now, version: stored.version + 1 })
      .where('id', '=', stored.id)
      .execute()
  else
    await trx
      .insertInto('agenda_exceptions')
      .values({
        child_id: input.childId,
        service_id: input.serviceId,
        day: input.date,
        state: 'absence_a_verifier',
        note: MARK_NOTE,
        created_at: now,
        updated_at: now,
      })
      .execute()
  return 'absence_a_verifier'
}

async function childAudit(trx: Kysely<DB>, childId: number) {
  const child = await trx
    .selectFrom('children')
    .select(['id', 'family_id'])
    .where('id', '=', childId)
    .executeTakeFirst()
  if (!child) throw new AppError('NOT_FOUND', 'Enfant introuvable.')
  return child
}

/** The child's line on the list after a change. */
export async function listLine(
  ctx: StaffContext,
  childId: number,
  serviceId: number,
  date: string,
): Promise<DayListChild> {
  const [cell, details, marks, healthShown] = await Promise.all([
    cellOf(ctx.db, childId, serviceId, date),
    loadChildDetails(ctx.db, [childId]),
    loadMarks(ctx.db, [serviceId], date, date),
    canSeeHealth(ctx.db, ctx.actor),
  ])
  return listChild(
    details.get(childId) as ChildDetails,
    cell,
    marks.get(markKey(childId, serviceId, date)) ?? null,
    date,
    healthShown,
  )
}

/** Records (or clears, with presence null) a child's mark on the day's list: one transaction, audited. */
export async function markAttendance(ctx: StaffContext, input: MarkInput): Promise<DayListChild> {
  if (input.leftAt && input.arrivedAt && input.leftAt < input.arrivedAt)
    throw new AppError('VALIDATION', 'Départ : l’heure de départ est avant l’heure d’arrivée.')
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString()
    const service = await serviceOf(trx, input.serviceId)
    const attendance = await trx
      .selectFrom('services')
      .select('attendance')
      .where('id', '=', service.id)
      .executeTakeFirstOrThrow()
    const child = await childAudit(trx, input.childId)
    const details = (await loadChildDetails(trx, [input.childId])).get(input.childId) as ChildDetails
    const who = input.presence === 'present' ? pickUp(details, input) : { id: null, name: null }
    const before = await trx
      .selectFrom('attendance_marks')
      .selectAll()
      .where('child_id', '=', input.childId)
      .where('service_id', '=', input.serviceId)
      .where('day', '=', input.date)
      .executeTakeFirst()
    if (before && input.version !== undefined && before.version !== input.version)
      throw new AppError(
        'CONFLICT',
        'Ce pointage vient d’être modifié sur un autre poste : la liste a été rechargée, vérifiez puis recommencez.',
      )
    await undoMarkDay(trx, input, attendance.attendance, now)
    if (input.presence === null) {
      if (before) await trx.deleteFrom('attendance_marks').where('id', '=', before.id).execute()
    } else {
      const values = {
        presence: input.presence,
        arrived_at: input.presence === 'present' ? (input.arrivedAt ?? null) : null,
        left_at: input.presence === 'present' ? (input.leftAt ?? null) : null,
        picked_up_by: who.id,
        picked_up_name: who.name,
        updated_at: now,
      }
      if (before)
        await trx
          .updateTable('attendance_marks')
          .set({ ...values, version: before.version + 1 })
          .where('id', '=', before.id)
          .where('version', '=', before.version)
          .execute()
      else
        await trx
          .insertInto('attendance_marks')
          .values({
            ...values,
            child_id: input.childId,
            service_id: input.serviceId,
            day: input.date,
            created_at: now,
          })
          .execute()
    }
    const stored = await markDay(trx, input, service, now)
    const summary = (
      m:
        | {
            presence: string
            arrived_at: string | null
            left_at: string | null
            picked_up_name: string | null
          }
        | null
        | undefined,
    ) =>
      m
        ? [m.presence === 'present' ? 'présent' : 'absent', m.arrived_at, m.left_at, m.picked_up_name]
            .filter(Boolean)
            .join(', ')
        : null
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'attendance.mark',
      entityType: 'child',
      entityId: child.id,
      familyId: child.family_id,
      childId: child.id,
      changes: [
        {
          field: 'pointage',
          label: `Pointage ${service.name} du ${formatDay(input.date)}`,
          before: summary(before),
          after:
            input.presence === null
              ? null
              : summary({
                  presence: input.presence,
                  arrived_at: input.arrivedAt ?? null,
                  left_at: input.leftAt ?? null,
                  picked_up_name: who.name,
                }),
        },
      ],
      note: stored ? `Agenda : ${stored}` : null,
    })
  })
  return listLine(ctx, input.childId, input.serviceId, input.date)
}

/** An Absence à vérifier becomes Absent facturé or Absent exécuté, audited. */
export async function resolveAbsence(
  ctx: StaffContext,
  input: {
    childId: number
    serviceId: number
    date: string
    outcome: 'absent_facture' | 'absent_execute'
    reason?: string | null
  },
): Promise<DayListChild> {
  await inTransaction(ctx.db, async (trx) => {
    const service = await serviceOf(trx, input.serviceId)
    const child = await childAudit(trx, input.childId)
    const stored = await storedDay(trx, { ...input, presence: 'absent' })
    if (stored?.state !== 'absence_a_verifier')
      throw new AppError('VALIDATION', 'Ce jour n’est pas une « Absence à vérifier » : rien à décider.')
    await trx
      .updateTable('agenda_exceptions')
      .set({
        state: input.outcome,
        note: input.reason ?? null,
        updated_at: ctx.clock.now().toISOString(),
        version: stored.version + 1,
      })
      .where('id', '=', stored.id)
      .where('version', '=', stored.version)
      .execute()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'agenda.resolveAbsence',
      entityType: 'child',
      entityId: child.id,
      familyId: child.family_id,
      childId: child.id,
      changes: [
        {
          field: 'agenda',
          label: `Agenda ${service.name} du ${formatDay(input.date)}`,
          before: 'Absence à vérifier',
          after: input.outcome === 'absent_facture' ? 'Absent facturé' : 'Absent exécuté',
        },
      ],
      note: input.reason ?? null,
    })
  })
  return listLine(ctx, input.childId, input.serviceId, input.date)
}

/** "Journée validée" (or reopened): after it, an expected child with no mark counts as present. */
export async function validateDay(
  ctx: StaffContext,
  input: { serviceId: number; date: string; validated: boolean },
): Promise<{ validatedAt: string | null }> {
  return inTransaction(ctx.db, async (trx) => {
    const service = await serviceOf(trx, input.serviceId)
    const now = ctx.clock.now().toISOString()
    await trx
      .deleteFrom('attendance_days')
      .where('service_id', '=', service.id)
      .where('day', '=', input.date)
      .execute()
    if (input.validated)
      await trx
        .insertInto('attendance_days')
        .values({
          service_id: service.id,
          day: input.date,
          validated_at: now,
          validated_by: ctx.actor.staffId,
        })
        .execute()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: input.validated ? 'attendance.validateDay' : 'attendance.reopenDay',
      entityType: 'service',
      entityId: service.id,
      note: `${service.name}, ${formatDay(input.date)}`,
    })
    return { validatedAt: input.validated ? now : null }
  })
}
