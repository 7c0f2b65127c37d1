import type { DB } from '@db/schema'
import { dayInFrance, formatDay } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { endEnrolment } from '../agenda/enrolments'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { invalidField } from '../errors'
import type { WriteOptions } from '../records/operations'
import { isFamilyArchived } from './state'
import { departureProblem } from './validate'

// What follows a child's departure date (docs/depart-et-archivage.md), in the
// transaction of the change that recorded it: the date is checked against the
// birth, the child's enrolments end on that day (each end audited), and the
// family's archived state, which the triggers have just recomputed, is
// audited when it changed.

export interface FamilyState {
  familyId: number
  archivedOn: string | null
}

/** The family of a child and its archived_on, read before a change. */
export async function familyStateOfChild(trx: Kysely<DB>, childId: number): Promise<FamilyState | null> {
  const row = await trx
    .selectFrom('children')
    .innerJoin('families', 'families.id', 'children.family_id')
    .select(['families.id as familyId', 'families.archived_on as archivedOn'])
    .where('children.id', '=', childId)
    .executeTakeFirst()
  return row ?? null
}

export async function familyState(trx: Kysely<DB>, familyId: number): Promise<FamilyState | null> {
  const row = await trx
    .selectFrom('families')
    .select(['id as familyId', 'archived_on as archivedOn'])
    .where('id', '=', familyId)
    .executeTakeFirst()
  return row ?? null
}

/** Who acts and when: a staff member's call, or a CSV import's job. */
type Acting = Pick<StaffContext, 'actor' | 'clock'>

/** Ends the child's enrolments that run past `leftOn` on that day; those starting later stay, the agenda ignores them. */
async function endEnrolmentsAt(trx: Kysely<DB>, ctx: Acting, childId: number, leftOn: string): Promise<void> {
  const running = await trx
    .selectFrom('enrolments')
    .select(['id', 'version'])
    .where('child_id', '=', childId)
    .where('state', '<>', 'refusee')
    .where('starts_on', '<=', leftOn)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>', leftOn)]))
    .orderBy('id')
    .execute()
  for (const e of running)
    await endEnrolment(trx, ctx, { enrolmentId: e.id, version: e.version, endsOn: leftOn })
}

/** Audits the family's move into or out of the archives, when the change of a child moved it. */
export async function auditFamilyState(
  trx: Kysely<DB>,
  ctx: Acting,
  before: FamilyState,
  options: WriteOptions = {},
): Promise<void> {
  const after = await familyState(trx, before.familyId)
  if (!after || after.archivedOn === before.archivedOn) return
  const today = dayInFrance(ctx.clock.now())
  const archived = after.archivedOn !== null
  await writeAudit(trx, ctx.actor, ctx.clock, {
    action: archived ? 'family.archive' : 'family.unarchive',
    entityType: 'family',
    entityId: before.familyId,
    familyId: before.familyId,
    requestId: options.requestId ?? null,
    changes: [
      {
        field: 'archivee_le',
        label: 'Archivée le',
        before: before.archivedOn,
        after: after.archivedOn,
      },
    ],
    note: archived
      ? `Tous les enfants de la famille sont partis : famille archivée ${isFamilyArchived(after.archivedOn, today) ? 'depuis' : 'à partir'} du ${formatDay(after.archivedOn as string)}.`
      : 'Un enfant de la famille n’est pas parti : la famille n’est plus archivée.',
  })
}

/**
 * After a child's departure date or birth date was written: refuses a
 * departure before the birth (the caller's transaction is then rolled back),
 * ends the enrolments on the departure day and audits the family's state.
 */
export async function afterChildDates(
  trx: Kysely<DB>,
  ctx: StaffContext,
  childId: number,
  before: FamilyState,
  options: WriteOptions & { path?: string } = {},
): Promise<void> {
  const child = await trx
    .selectFrom('children')
    .select(['birth_date', 'left_on'])
    .where('id', '=', childId)
    .executeTakeFirstOrThrow()
  const problem = departureProblem(child.birth_date, child.left_on)
  if (problem) throw invalidField(options.path ?? 'patch.date_de_depart', 'Date de départ', problem)
  if (child.left_on) await endEnrolmentsAt(trx, ctx, childId, child.left_on)
  await auditFamilyState(trx, ctx, before, options)
}

/** A departure date a CSV import wrote on a child's row, or a child it added (family-csv/import/write.ts). */
export interface ImportedChild {
  childId: number
  familyId: number
  /** The departure date written (null: removed), undefined when the import did not write one. */
  leftOn?: string | null
  /** False for a child the import created: it has no enrolment yet. */
  existing: boolean
}

/** The families archived (now or from a later day) before an import writes: their archived_on by id. */
export async function archivedFamilies(trx: Kysely<DB>): Promise<Map<number, string>> {
  const rows = await trx
    .selectFrom('families')
    .select(['id', 'archived_on'])
    .where('archived_on', 'is not', null)
    .execute()
  return new Map(rows.map((r) => [r.id, r.archived_on as string]))
}

/**
 * What follows the children a CSV import wrote, which it writes without the
 * services, in its transaction: an existing child's enrolments end on the
 * departure day it was given (each end audited), and each family whose
 * archived state the triggers changed — all its children have left, or a
 * child came back or was added — gets its audit entry, as after the same
 * change on screen. Departure dates are checked against the birth by the
 * import's comparison (plan/children.ts).
 */
export async function afterImportedChildren(
  trx: Kysely<DB>,
  ctx: Acting,
  children: readonly ImportedChild[],
  archivedBefore: ReadonlyMap<number, string>,
): Promise<void> {
  const families = new Set<number>()
  for (const child of children) {
    if (child.existing && child.leftOn) await endEnrolmentsAt(trx, ctx, child.childId, child.leftOn)
    // A new child that has not left brings an archived family back; elsewhere only a departure moves it.
    if (child.leftOn !== undefined || archivedBefore.has(child.familyId)) families.add(child.familyId)
  }
  for (const familyId of families)
    await auditFamilyState(trx, ctx, { familyId, archivedOn: archivedBefore.get(familyId) ?? null })
}
