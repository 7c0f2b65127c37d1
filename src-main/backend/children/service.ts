import type { DB } from '@db/schema'
import { CHILD_FIELDS, CHILD_HEALTH_FIELDS } from '@shared/fields/index'
import { dayInFrance } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { refreshFamilyCoverage } from '../completeness/coverage'
import type { StaffContext } from '../context'
import { afterChildDates, familyState, familyStateOfChild } from '../departure/service'
import { AppError, forbidden, invalidField, notFound } from '../errors'
import { AUTHORIZED_PERSON, CHILD, type Entity, HEALTH_CONDITION, VACCINATION } from '../records/entities'
import { deleteRecord, insertRecord, loadRow, updateRecord, type WriteOptions } from '../records/operations'
import type { FieldValues } from '../records/values'
import { canSeeHealth } from '../settings/service'
import { matchProduct, vaccineProducts } from './vaccine-products'

// Writes on a child's file, in the caller's transaction (see families/service.ts).

const HEALTH_KEYS = new Set(CHILD_HEALTH_FIELDS.map((f) => f.key))
const DEPARTURE_KEYS = new Set(
  CHILD_FIELDS.filter((f) => f.column === 'left_on' || f.column === 'birth_date').flatMap((f) => [
    f.key,
    ...(f.aliases ?? []),
  ]),
)

export async function requireHealthAccess(trx: Kysely<DB>, ctx: StaffContext): Promise<void> {
  if (!(await canSeeHealth(trx, ctx.actor)))
    throw forbidden('Votre rôle ne permet pas de voir ni de modifier les données de santé des enfants.')
}

async function requireChild(trx: Kysely<DB>, childId: number): Promise<void> {
  const row = await trx.selectFrom('children').select('id').where('id', '=', childId).executeTakeFirst()
  if (!row) throw notFound('Enfant')
}

export async function updateChildFields(
  trx: Kysely<DB>,
  ctx: StaffContext,
  childId: number,
  patch: FieldValues,
  options: WriteOptions = {},
) {
  if (Object.keys(patch).some((k) => HEALTH_KEYS.has(k))) await requireHealthAccess(trx, ctx)
  // A departure (or a birth date) changes what follows: docs/depart-et-archivage.md.
  const dates = Object.keys(patch).some((k) => DEPARTURE_KEYS.has(k))
  const before = dates ? await familyStateOfChild(trx, childId) : null
  const result = await updateRecord(trx, ctx, CHILD, childId, patch, options)
  if (before && result.changes.length > 0) await afterChildDates(trx, ctx, childId, before, options)
  return result
}

async function nextIdentifier(trx: Kysely<DB>): Promise<string> {
  // bigint: identifiers have 12 digits, beyond PostgreSQL's integer (SQLite's is 64-bit either way).
  const row = await trx
    .selectFrom('children')
    .select((eb) => eb.fn.max(eb.cast<number>('identifier', 'bigint')).as('top'))
    .executeTakeFirst()
  return String(Number(row?.top ?? 0) + 1).padStart(12, '0')
}

export async function createChild(
  trx: Kysely<DB>,
  ctx: StaffContext,
  familyId: number,
  identifier: string | undefined,
  values: FieldValues,
  options: WriteOptions = {},
): Promise<number> {
  if (Object.entries(values).some(([k, v]) => HEALTH_KEYS.has(k) && v !== null && v !== false))
    await requireHealthAccess(trx, ctx)
  const family = await trx.selectFrom('families').select('id').where('id', '=', familyId).executeTakeFirst()
  if (!family) throw notFound('Famille')
  const chosen = identifier ?? (await nextIdentifier(trx))
  const taken = await trx
    .selectFrom('children')
    .select('id')
    .where('identifier', '=', chosen)
    .executeTakeFirst()
  if (taken)
    throw invalidField(
      'identifier',
      'Identifiant',
      `l’identifiant ${chosen} est déjà celui d’un autre enfant`,
    )
  const before = await familyState(trx, familyId)
  const row = await insertRecord(trx, ctx, CHILD, familyId, values, { identifier: chosen }, options)
  if (before) await afterChildDates(trx, ctx, row.id, before, { ...options, path: 'values.date_de_depart' })
  return row.id
}

/** Checks the rules that tie an authorised person's flags together. */
function checkPickupFlags(values: FieldValues): void {
  if (values.interdit_de_recuperer === true && values.peut_recuperer_l_enfant === true)
    throw invalidField(
      'values.interdit_de_recuperer',
      'Interdit de récupérer l’enfant',
      'incompatible avec « Peut récupérer l’enfant » : décochez l’un des deux',
    )
}

async function refuseDuplicatePerson(
  trx: Kysely<DB>,
  childId: number,
  values: FieldValues,
  exceptId?: number,
) {
  let query = trx
    .selectFrom('authorized_persons')
    .select('id')
    .where('child_id', '=', childId)
    .where((eb) => eb(eb.fn('lower', ['last_name']), '=', String(values.nom ?? '').toLowerCase()))
    .where((eb) => eb(eb.fn('lower', ['first_name']), '=', String(values.prenom ?? '').toLowerCase()))
  if (exceptId) query = query.where('id', '!=', exceptId)
  if (await query.executeTakeFirst())
    throw invalidField(
      'values.nom',
      'Nom',
      `${values.nom} ${values.prenom ?? ''} figure déjà parmi les personnes autorisées`.trim(),
    )
}

export async function addAuthorizedPerson(
  trx: Kysely<DB>,
  ctx: StaffContext,
  childId: number,
  values: FieldValues,
  options: WriteOptions = {},
) {
  await requireChild(trx, childId)
  const full = {
    peut_recuperer_l_enfant: values.interdit_de_recuperer !== true,
    ...values,
  }
  checkPickupFlags(full)
  await refuseDuplicatePerson(trx, childId, full)
  return insertRecord(trx, ctx, AUTHORIZED_PERSON, childId, full, {}, options)
}

export async function updateAuthorizedPerson(
  trx: Kysely<DB>,
  ctx: StaffContext,
  id: number,
  patch: FieldValues,
  options: WriteOptions = {},
) {
  const row = await loadRow(trx, AUTHORIZED_PERSON, id)
  const merged = {
    nom: row.last_name,
    prenom: row.first_name,
    peut_recuperer_l_enfant: row.can_pick_up === 1,
    interdit_de_recuperer: row.pickup_forbidden === 1,
    ...patch,
  }
  checkPickupFlags(merged)
  if ('nom' in patch || 'prenom' in patch)
    await refuseDuplicatePerson(trx, row.child_id as number, merged, id)
  return updateRecord(trx, ctx, AUTHORIZED_PERSON, id, patch, options)
}

async function withProduct(trx: Kysely<DB>, values: FieldValues): Promise<Record<string, unknown>> {
  if (typeof values.vaccin !== 'string') return {}
  const product = matchProduct(await vaccineProducts(trx), values.vaccin)
  return { product_id: product?.id ?? null }
}

function checkVaccinationDates(ctx: StaffContext, values: FieldValues): void {
  const today = dayInFrance(ctx.clock.now())
  if (typeof values.date === 'string' && values.date > today)
    throw invalidField('values.date', 'Date', 'une vaccination ne peut pas être datée dans le futur')
  if (
    typeof values.date === 'string' &&
    typeof values.date_rappel === 'string' &&
    values.date_rappel < values.date
  )
    throw invalidField('values.date_rappel', 'Date de rappel', 'doit être après la date de vaccination')
}

export async function addVaccination(
  trx: Kysely<DB>,
  ctx: StaffContext,
  childId: number,
  values: FieldValues,
  options: WriteOptions = {},
) {
  await requireHealthAccess(trx, ctx)
  await requireChild(trx, childId)
  checkVaccinationDates(ctx, values)
  return insertRecord(trx, ctx, VACCINATION, childId, values, await withProduct(trx, values), options)
}

export async function updateVaccination(
  trx: Kysely<DB>,
  ctx: StaffContext,
  id: number,
  patch: FieldValues,
  options: WriteOptions = {},
) {
  await requireHealthAccess(trx, ctx)
  const row = await loadRow(trx, VACCINATION, id)
  checkVaccinationDates(ctx, { date: row.vaccinated_on, date_rappel: row.booster_on, ...patch })
  const result = await updateRecord(trx, ctx, VACCINATION, id, patch, options)
  if ('vaccin' in patch) {
    await trx
      .updateTable('vaccinations')
      .set((await withProduct(trx, patch)) as never)
      .where('id', '=', id)
      .execute()
    // Another product may cover other diseases: the file's completeness follows at once.
    const child = await trx
      .selectFrom('children')
      .select('family_id')
      .where('id', '=', row.child_id as number)
      .executeTakeFirstOrThrow()
    await refreshFamilyCoverage(trx, child.family_id)
  }
  return result
}

function checkAllergen(values: FieldValues): void {
  if (values.allergene && values.type !== 'allergie')
    throw invalidField('values.allergene', 'Allergène', 'ne se renseigne que pour une allergie')
}

export async function addHealthCondition(
  trx: Kysely<DB>,
  ctx: StaffContext,
  childId: number,
  values: FieldValues,
  options: WriteOptions = {},
) {
  await requireHealthAccess(trx, ctx)
  await requireChild(trx, childId)
  checkAllergen(values)
  return insertRecord(trx, ctx, HEALTH_CONDITION, childId, values, {}, options)
}

export async function updateHealthCondition(
  trx: Kysely<DB>,
  ctx: StaffContext,
  id: number,
  patch: FieldValues,
  options: WriteOptions = {},
) {
  await requireHealthAccess(trx, ctx)
  const row = await loadRow(trx, HEALTH_CONDITION, id)
  checkAllergen({ type: row.kind, allergene: row.allergen, ...patch })
  return updateRecord(trx, ctx, HEALTH_CONDITION, id, patch, options)
}

/** Deletes an authorised person, a vaccination or a health condition. */
export async function deleteChildRecord(
  trx: Kysely<DB>,
  ctx: StaffContext,
  entity: Entity,
  id: number,
  options: WriteOptions = {},
) {
  if (entity.health) await requireHealthAccess(trx, ctx)
  if (![AUTHORIZED_PERSON, VACCINATION, HEALTH_CONDITION].includes(entity))
    throw new AppError('FORBIDDEN', 'Suppression impossible pour ce type de fiche.')
  return deleteRecord(trx, ctx, entity, id, options)
}
