import type { DB, FamilyQuotientsTable } from '@db/schema'
import {
  DIRECT_DEBIT_FIELD_MESSAGE,
  directDebitMessage,
  directDebitMissing,
  touchesDirectDebit,
} from '@shared/fields/index'
import type { Kysely, Selectable } from 'kysely'
import type { FieldChange } from '../audit/service'
import type { StaffContext } from '../context'
import { AppError, invalidField } from '../errors'
import { executeCompiledOnce } from '../records/compiled-once'
import { FAMILY, GUARDIAN } from '../records/entities'
import {
  auditWrite,
  deleteRecord,
  insertRecord,
  type Row,
  updateLoadedRecord,
  updateRecord,
  type WriteOptions,
} from '../records/operations'
import type { FieldValues } from '../records/values'

// Writes on a family's file. Each function runs in the caller's transaction
// (`trx`), so that a handler or a request decision can combine several of
// them into one all-or-nothing action.

/** `known` is the family's row when the caller has just read it whole in this transaction. */
export async function updateFamilyFields(
  trx: Kysely<DB>,
  ctx: StaffContext,
  familyId: number,
  patch: FieldValues,
  options: WriteOptions = {},
  known?: Row,
) {
  if (touchesDirectDebit(patch)) await refuseIncompleteDirectDebit(trx, familyId, patch)
  // The update compares the patch with the row, on its version only (records/operations.ts).
  if (known?.id === familyId) return updateLoadedRecord(trx, ctx, FAMILY, known, patch, options)
  return updateRecord(trx, ctx, FAMILY, familyId, patch, options)
}

/** Prélèvement : Oui needs the whole SEPA mandate (src-shared/fields/direct-debit.ts). */
async function refuseIncompleteDirectDebit(trx: Kysely<DB>, familyId: number, patch: FieldValues) {
  const row = await trx
    .selectFrom('families')
    .select(['bank_holder', 'iban', 'bic', 'sepa_rum', 'sepa_signed_on', 'direct_debit'])
    .where('id', '=', familyId)
    .executeTakeFirst()
  if (!row) return
  const missing = directDebitMissing({
    titulaire_du_compte: row.bank_holder,
    iban: row.iban,
    bic: row.bic,
    rum: row.sepa_rum,
    date_du_mandat: row.sepa_signed_on,
    prelevement: row.direct_debit === 1,
    ...patch,
  })
  if (missing.length > 0)
    throw new AppError(
      'VALIDATION',
      directDebitMessage(missing),
      missing.map((f) => ({
        path: `patch.${f.key}`,
        label: f.label,
        message: `${f.label} : ${DIRECT_DEBIT_FIELD_MESSAGE}`,
      })),
    )
}

/**
 * Sets the responsable's or the conjoint's fields. A family without a
 * conjoint gets one when the patch names them. `known` is the guardian's
 * row when the caller has just read it in this transaction.
 */
export async function saveGuardianFields(
  trx: Kysely<DB>,
  ctx: StaffContext,
  familyId: number,
  role: 'responsable' | 'conjoint',
  patch: FieldValues,
  options: WriteOptions = {},
  known?: Row,
) {
  // `known`: the caller read the row in this transaction (a request's assessment); else it is
  // read whole at once. The update compares the patch with it, on its version only.
  const existing =
    known ??
    ((await trx
      .selectFrom('guardians')
      .selectAll()
      .where('family_id', '=', familyId)
      .where('role', '=', role)
      .executeTakeFirst()) as unknown as Row | undefined)
  if (existing) return updateLoadedRecord(trx, ctx, GUARDIAN, existing, patch, options)
  if (typeof patch.nom !== 'string' || patch.nom === '')
    throw invalidField(
      'patch.nom',
      'Nom',
      `obligatoire pour créer le ${role === 'conjoint' ? 'conjoint' : 'responsable'}`,
    )
  const row = await insertRecord(trx, ctx, GUARDIAN, familyId, patch, { role }, options)
  return { row, changes: [] as FieldChange[] }
}

export async function removeConjoint(
  trx: Kysely<DB>,
  ctx: StaffContext,
  familyId: number,
  options: WriteOptions = {},
) {
  const conjoint = await trx
    .selectFrom('guardians')
    .select(['id'])
    .where('family_id', '=', familyId)
    .where('role', '=', 'conjoint')
    .executeTakeFirst()
  if (!conjoint) throw new AppError('NOT_FOUND', 'Cette famille n’a pas de conjoint.')
  await deleteRecord(trx, ctx, GUARDIAN, conjoint.id, options)
}

function dayBefore(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - 1)
  return date.toISOString().slice(0, 10)
}

type QuotientRow = Selectable<FamilyQuotientsTable>

/** The family's latest quotient (from the latest date, the last recorded first), read or taken from `history`. */
async function latestQuotient(
  trx: Kysely<DB>,
  familyId: number,
  history?: readonly Record<string, unknown>[],
): Promise<QuotientRow | undefined> {
  if (history)
    return (history as QuotientRow[])
      .filter((q) => q.family_id === familyId)
      .reduce<QuotientRow | undefined>(
        (latest, q) =>
          !latest ||
          q.valid_from > latest.valid_from ||
          (q.valid_from === latest.valid_from && q.id > latest.id)
            ? q
            : latest,
        undefined,
      )
  // Compiled once (records/compiled-once.ts): a batch of CAF requests records many quotients.
  const { rows } = await executeCompiledOnce(trx, 'latest:family_quotients', [familyId], () =>
    trx
      .selectFrom('family_quotients')
      .selectAll()
      .where('family_id', '=', familyId)
      .orderBy('valid_from', 'desc')
      .orderBy('id', 'desc'),
  )
  return rows[0]
}

/**
 * Records a new quotient familial from `validFrom`. The previous open-ended
 * one is closed the day before, so the history stays readable. `history` is
 * the family's quotients when the caller has just read them all in this
 * transaction (a request's assessment).
 */
export async function setQuotient(
  trx: Kysely<DB>,
  ctx: StaffContext,
  familyId: number,
  quotient: { qf: number; validFrom: string; validTo: string | null },
  options: WriteOptions = {},
  history?: readonly Record<string, unknown>[],
): Promise<void> {
  if (quotient.validTo && quotient.validTo < quotient.validFrom)
    throw invalidField('qf_au', 'QF au', 'doit être après la date « QF du »')
  const previous = await latestQuotient(trx, familyId, history)
  if (
    previous &&
    previous.qf === quotient.qf &&
    previous.valid_from === quotient.validFrom &&
    previous.valid_to === quotient.validTo
  )
    return
  if (previous && previous.valid_to === null && previous.valid_from < quotient.validFrom)
    await trx
      .updateTable('family_quotients')
      .set({ valid_to: dayBefore(quotient.validFrom) })
      .where('id', '=', previous.id)
      .execute()
  const values = {
    family_id: familyId,
    qf: quotient.qf,
    valid_from: quotient.validFrom,
    valid_to: quotient.validTo,
    created_at: ctx.clock.now().toISOString(),
  }
  const {
    rows: [row],
  } = await executeCompiledOnce(trx, 'insert:family_quotients', Object.values(values), () =>
    trx.insertInto('family_quotients').values(values).returning('id'),
  )
  await auditWrite(
    trx,
    ctx,
    {
      action: 'family.quotient',
      entityType: 'family_quotient',
      entityId: row.id,
      familyId,
      requestId: options.requestId ?? null,
      changes: [
        { field: 'qf', label: 'QF', before: previous?.qf ?? null, after: quotient.qf },
        { field: 'qf_du', label: 'QF du', before: previous?.valid_from ?? null, after: quotient.validFrom },
        { field: 'qf_au', label: 'QF au', before: previous?.valid_to ?? null, after: quotient.validTo },
      ],
    },
    options,
  )
}

/** The next free N° famille: twelve digits, one more than the highest in use. */
async function nextFamilyNumber(trx: Kysely<DB>): Promise<string> {
  const row = await trx
    .selectFrom('families')
    // bigint: twelve digits overflow PostgreSQL's integer. Anonymised files
    // (retention: 'anonyme-<id>') hold no number; SQLite would read them as 0,
    // PostgreSQL refuses to cast them.
    .select((eb) => eb.fn.max(eb.cast<number>('number', 'bigint')).as('top'))
    .where('number', 'not like', 'anonyme-%')
    .executeTakeFirst()
  const next = Number(row?.top ?? 0) + 1
  return String(next).padStart(12, '0')
}

export async function createFamily(
  trx: Kysely<DB>,
  ctx: StaffContext,
  number: string | undefined,
  responsable: FieldValues,
  options: WriteOptions = {},
): Promise<number> {
  const chosen = number ?? (await nextFamilyNumber(trx))
  const taken = await trx.selectFrom('families').select('id').where('number', '=', chosen).executeTakeFirst()
  if (taken)
    throw invalidField('number', 'N° famille', `le numéro ${chosen} est déjà celui d’une autre famille`)
  const family = await insertRecord(trx, ctx, FAMILY, null, {}, { number: chosen }, options)
  await insertRecord(trx, ctx, GUARDIAN, family.id, responsable, { role: 'responsable' }, options)
  return family.id
}
