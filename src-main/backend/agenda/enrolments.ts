import type { DB } from '@db/schema'
import type { EnrolmentView } from '@shared/contract/agenda'
import { addDays, maskLabel, mondayOf } from '@shared/domain/days'
import { formatDay } from '@shared/format/date'
import { type Kysely, sql } from 'kysely'
import { type FieldChange, writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import { AppError, invalidField, notFound } from '../errors'

// Enrolments of a child in a service (docs/agenda.md, « Inscriptions »): a
// period, a weekly pattern (every week, or one week in two from a Monday),
// a state. A pattern change from a date closes the row the day before and
// opens a new one, so the days before keep the old pattern. Every change is
// audited. Callers run these inside inTransaction.

type Ctx = { actor: Actor; clock: Clock }
type EnrolmentState = EnrolmentView['state']

const STATE_LABELS: Record<EnrolmentState, string> = {
  en_attente: 'En attente',
  validee: 'Validée',
  refusee: 'Refusée',
  terminee: 'Terminée',
}

function viewQuery(db: Kysely<DB>) {
  return db
    .selectFrom('enrolments')
    .innerJoin('services', 'services.id', 'enrolments.service_id')
    .innerJoin('structures', 'structures.id', 'services.structure_id')
    .select([
      'enrolments.id',
      'enrolments.child_id as childId',
      'enrolments.service_id as serviceId',
      'services.name as serviceName',
      'services.code as serviceCode',
      'structures.name as structureName',
      'enrolments.starts_on as startsOn',
      'enrolments.ends_on as endsOn',
      'enrolments.weekdays',
      'enrolments.alternate_from as alternateFrom',
      'enrolments.state',
      'enrolments.version',
    ])
}

export async function listEnrolments(
  db: Kysely<DB>,
  filter: { childId?: number; serviceId?: number },
): Promise<EnrolmentView[]> {
  let q = viewQuery(db)
  if (filter.childId !== undefined) q = q.where('enrolments.child_id', '=', filter.childId)
  if (filter.serviceId !== undefined) q = q.where('enrolments.service_id', '=', filter.serviceId)
  return q.orderBy('structures.name').orderBy('services.name').orderBy('enrolments.starts_on').execute()
}

async function viewOf(db: Kysely<DB>, id: number): Promise<EnrolmentView> {
  const row = await viewQuery(db).where('enrolments.id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Inscription')
  return row
}

export interface EnrolmentValues {
  startsOn: string
  endsOn: string | null
  weekdays: number
  alternateFrom: string | null
  state: EnrolmentState
}

function checkValues(v: EnrolmentValues): EnrolmentValues {
  if (v.endsOn !== null && v.endsOn < v.startsOn)
    throw invalidField('endsOn', 'Fin', `avant le début (${formatDay(v.startsOn)})`)
  // One week in two is counted from the Monday of the week given.
  return { ...v, alternateFrom: v.alternateFrom === null ? null : mondayOf(v.alternateFrom) }
}

async function refuseOverlap(
  trx: Kysely<DB>,
  childId: number,
  serviceId: number,
  v: { startsOn: string; endsOn: string | null },
  exceptId: number | null,
) {
  let q = trx
    .selectFrom('enrolments')
    .select(['starts_on', 'ends_on'])
    .where('child_id', '=', childId)
    .where('service_id', '=', serviceId)
    .where('state', '<>', 'refusee')
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', v.startsOn)]))
  if (v.endsOn !== null) q = q.where('starts_on', '<=', v.endsOn)
  if (exceptId !== null) q = q.where('id', '<>', exceptId)
  const other = await q.executeTakeFirst()
  if (other)
    throw new AppError(
      'CONFLICT',
      `Une inscription à ce service couvre déjà cette période (du ${formatDay(other.starts_on)}${other.ends_on ? ` au ${formatDay(other.ends_on)}` : ', sans fin'}).`,
    )
}

function changesOf(v: Partial<EnrolmentValues>): FieldChange[] {
  const out: FieldChange[] = []
  const add = (field: string, label: string, after: unknown) =>
    out.push({ field, label, before: null, after })
  if (v.startsOn !== undefined) add('debut', 'Début', v.startsOn)
  if (v.endsOn !== undefined) add('fin', 'Fin', v.endsOn)
  if (v.weekdays !== undefined) add('jours', 'Jours', maskLabel(v.weekdays))
  if (v.alternateFrom !== undefined)
    add('une_semaine_sur_deux', 'Une semaine sur deux à partir du', v.alternateFrom)
  if (v.state !== undefined) add('etat', 'État', STATE_LABELS[v.state])
  return out
}

async function audit(trx: Kysely<DB>, ctx: Ctx, action: string, e: EnrolmentView, changes: FieldChange[]) {
  const child = await trx
    .selectFrom('children')
    .select('family_id')
    .where('id', '=', e.childId)
    .executeTakeFirst()
  await writeAudit(trx, ctx.actor, ctx.clock, {
    action,
    entityType: 'enrolment',
    entityId: e.id,
    entityVersion: e.version,
    childId: e.childId,
    familyId: child?.family_id ?? null,
    changes,
    note: `${e.structureName} — ${e.serviceName}`,
  })
}

export async function createEnrolment(
  trx: Kysely<DB>,
  ctx: Ctx,
  input: { childId: number; serviceId: number } & Partial<EnrolmentValues> & {
      startsOn: string
      weekdays: number
    },
): Promise<EnrolmentView> {
  const [child, service] = await Promise.all([
    trx.selectFrom('children').select('id').where('id', '=', input.childId).executeTakeFirst(),
    trx.selectFrom('services').select(['id', 'active']).where('id', '=', input.serviceId).executeTakeFirst(),
  ])
  if (!child) throw notFound('Enfant')
  if (!service) throw notFound('Service')
  if (service.active !== 1) throw invalidField('serviceId', 'Service', 'archivé')
  const v = checkValues({
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
    weekdays: input.weekdays,
    alternateFrom: input.alternateFrom ?? null,
    state: input.state ?? 'validee',
  })
  await refuseOverlap(trx, input.childId, input.serviceId, v, null)
  const now = ctx.clock.now().toISOString()
  const { id } = await trx
    .insertInto('enrolments')
    .values({
      child_id: input.childId,
      service_id: input.serviceId,
      starts_on: v.startsOn,
      ends_on: v.endsOn,
      weekdays: v.weekdays,
      alternate_from: v.alternateFrom,
      state: v.state,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const view = await viewOf(trx, id)
  await audit(trx, ctx, 'enrolment.create', view, changesOf(v))
  return view
}

async function loadForChange(trx: Kysely<DB>, id: number, version: number): Promise<EnrolmentView> {
  const current = await viewOf(trx, id)
  if (current.version !== version)
    throw new AppError(
      'CONFLICT',
      'Cette inscription a été modifiée entre-temps : rechargez-la avant de la changer.',
    )
  return current
}

async function update(
  trx: Kysely<DB>,
  ctx: Ctx,
  current: EnrolmentView,
  v: EnrolmentValues,
): Promise<EnrolmentView> {
  const result = await trx
    .updateTable('enrolments')
    .set({
      starts_on: v.startsOn,
      ends_on: v.endsOn,
      weekdays: v.weekdays,
      alternate_from: v.alternateFrom,
      state: v.state,
      updated_at: ctx.clock.now().toISOString(),
      version: sql`version + 1`,
    })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1)
    throw new AppError('CONFLICT', 'Cette inscription a été modifiée entre-temps.')
  const view = await viewOf(trx, current.id)
  const before = changesOf(current)
  const after = changesOf(v)
  const changes = after
    .map((c, i) => ({ ...c, before: before[i]?.after ?? null }))
    .filter((c) => c.before !== c.after)
  await audit(trx, ctx, 'enrolment.update', view, changes)
  return view
}

/**
 * A new pattern (or state, or end) from `from`: the row keeps the days before
 * and ends the day before `from`; a new row starts on `from`. From the row's
 * first day, the row itself changes. Returns the rows touched, oldest first.
 */
export async function changeEnrolment(
  trx: Kysely<DB>,
  ctx: Ctx,
  input: { enrolmentId: number; version: number; from: string } & Partial<EnrolmentValues>,
): Promise<EnrolmentView[]> {
  const current = await loadForChange(trx, input.enrolmentId, input.version)
  if (input.from < current.startsOn)
    throw invalidField(
      'from',
      'À partir du',
      `avant le début de l’inscription (${formatDay(current.startsOn)})`,
    )
  if (current.endsOn !== null && input.from > current.endsOn)
    throw invalidField('from', 'À partir du', `après la fin de l’inscription (${formatDay(current.endsOn)})`)
  const next = checkValues({
    startsOn: input.from,
    endsOn: input.endsOn === undefined ? current.endsOn : input.endsOn,
    weekdays: input.weekdays ?? current.weekdays,
    alternateFrom: input.alternateFrom === undefined ? current.alternateFrom : input.alternateFrom,
    state: input.state ?? current.state,
  })
  if (input.from === current.startsOn) {
    await refuseOverlap(trx, current.childId, current.serviceId, next, current.id)
    return [await update(trx, ctx, current, next)]
  }
  const closed = await update(trx, ctx, current, { ...current, endsOn: addDays(input.from, -1) })
  await refuseOverlap(trx, current.childId, current.serviceId, next, current.id)
  const opened = await createEnrolment(trx, ctx, {
    childId: current.childId,
    serviceId: current.serviceId,
    ...next,
  })
  return [closed, opened]
}

/** Ends an enrolment on `endsOn` (its last day). */
export async function endEnrolment(
  trx: Kysely<DB>,
  ctx: Ctx,
  input: { enrolmentId: number; version: number; endsOn: string },
): Promise<EnrolmentView> {
  const current = await loadForChange(trx, input.enrolmentId, input.version)
  return update(trx, ctx, current, checkValues({ ...current, endsOn: input.endsOn }))
}
