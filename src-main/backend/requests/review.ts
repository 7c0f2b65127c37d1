import type { DB } from '@db/schema'
import type { FieldValue } from '@shared/contract/records'
import type { RecordLine, RequestReview } from '@shared/contract/requests'
import { labelOf } from '@shared/domain/options'
import { REQUEST_STATES } from '@shared/domain/requests'
import type { FieldSpec } from '@shared/fields/index'
import type { Kysely } from 'kysely'
import { requireHealthAccess } from '../children/service'
import type { StaffContext } from '../context'
import type { FieldValues } from '../records/values'
import { agendaReviewOf, decidedDates } from './agenda-assess'
import { type Assessment, assess, loadRequest, specOf } from './assess'
import { familyNames } from './family-name'
import { daysWaiting } from './time'

const recordLines = (fields: readonly FieldSpec[], values: FieldValues): RecordLine[] =>
  fields.map((f) => ({ field: f.key, label: f.label, value: (values[f.key] ?? null) as FieldValue }))

async function people(db: Kysely<DB>, a: Assessment) {
  const { request } = a
  const [family, child, staff, replacedBy, replaces] = await Promise.all([
    familyNames(db, request.family_id),
    request.child_id === null
      ? undefined
      : db
          .selectFrom('children')
          .select(['id', 'identifier', 'last_name', 'first_name'])
          .where('id', '=', request.child_id)
          .executeTakeFirst(),
    db
      .selectFrom('staff')
      .select(['id', 'display_name'])
      .where('id', 'in', [request.entered_by ?? 0, request.decided_by ?? 0])
      .execute(),
    request.replaced_by === null
      ? undefined
      : db
          .selectFrom('requests')
          .select(['id', 'ref'])
          .where('id', '=', request.replaced_by)
          .executeTakeFirst(),
    db.selectFrom('requests').select(['id', 'ref']).where('replaced_by', '=', request.id).execute(),
  ])
  const staffName = (id: number | null) => staff.find((s) => s.id === id)?.display_name ?? null
  return {
    family,
    child: child
      ? { id: child.id, identifier: child.identifier, name: `${child.last_name} ${child.first_name}` }
      : null,
    enteredBy: staffName(request.entered_by),
    decidedBy: staffName(request.decided_by),
    replacedBy: replacedBy ?? null,
    replaces,
  }
}

/**
 * The review pane's data; health kinds need the health role. Each look is
 * traced by the dispatcher, as the contract declares (docs/donnees-de-sante.md).
 */
export async function readReview(ctx: StaffContext, id: number): Promise<RequestReview> {
  const request = await loadRequest(ctx.db, id)
  if (specOf(request).health) await requireHealthAccess(ctx.db, ctx)
  return reviewOf(ctx, await assess(ctx.db, request, ctx.clock.now()))
}

export async function reviewOf(ctx: StaffContext, a: Assessment): Promise<RequestReview> {
  const { request, spec, values, target } = a
  const who = await people(ctx.db, a)
  return {
    id: request.id,
    ref: request.ref,
    version: request.version,
    kind: spec.kind,
    kindLabel: spec.label,
    mode: spec.mode,
    channel: request.channel,
    state: request.state,
    stateLabel: labelOf(REQUEST_STATES, request.state),
    submittedAt: request.submitted_at,
    submittedTimeKnown: request.submitted_time_known === 1,
    receivedAt: request.received_at,
    daysWaiting: daysWaiting(request.submitted_at, request.decided_at, ctx.clock.now()),
    comment: request.comment,
    needsReview: request.needs_review === 1,
    health: spec.health,
    ...who,
    decidedAt: request.decided_at,
    reply: request.reply,
    resolution: request.resolution,
    identity: recordLines(spec.identity, values),
    lines: a.lines,
    recordNow:
      spec.mode === 'delete' && target.current && target.entity
        ? recordLines(target.entity.fields, target.current)
        : null,
    agenda: a.agenda ? agendaReviewOf(a.agenda, decidedDates(a.items)) : null,
    notApplicable: request.state === 'pending' ? target.notApplicable : null,
    blocked: a.blocked,
    conflict: a.conflict,
    warning: request.state === 'pending' ? await lastPersonWarning(ctx.db, a) : null,
  }
}

/**
 * Deleting the last person allowed to pick the child up leaves nobody to
 * do it: the file becomes incomplete, which staff should know before
 * validating (persons "Interdit de récupérer l'enfant" do not count).
 */
async function lastPersonWarning(db: Kysely<DB>, a: Assessment): Promise<string | null> {
  const { spec, target, request } = a
  if (spec.kind !== 'authorized_person.delete' || target.id === null || request.child_id === null) return null
  if (target.current?.peut_recuperer_l_enfant !== true || target.current?.interdit_de_recuperer === true)
    return null
  const others = await db
    .selectFrom('authorized_persons')
    .select('id')
    .where('child_id', '=', request.child_id)
    .where('id', '!=', target.id)
    .where('can_pick_up', '=', 1)
    .where('pickup_forbidden', '=', 0)
    .limit(1)
    .execute()
  if (others.length > 0) return null
  return (
    `${target.current.nom ?? ''} ${target.current.prenom ?? ''}`.trim() +
    ' est la dernière personne autorisée à venir chercher l’enfant : après la suppression, personne ne pourra le faire et le dossier sera incomplet.'
  )
}
