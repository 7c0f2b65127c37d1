import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import {
  addAuthorizedPerson,
  addHealthCondition,
  addVaccination,
  deleteChildRecord,
  updateAuthorizedPerson,
  updateChildFields,
  updateHealthCondition,
} from '../children/service'
import type { StaffContext } from '../context'
import { AppError, invalidField } from '../errors'
import { saveGuardianFields, setQuotient, updateFamilyFields } from '../families/service'
import { FAMILY } from '../records/entities'
import type { GatheredWrites, WriteOptions } from '../records/operations'
import type { FieldValues } from '../records/values'
import type { Assessment } from './assess'

const QUOTIENT_KEYS = ['qf', 'qf_du', 'qf_au']

/** CAF, fiscal and bank fields on the family; a new QF goes to its history, from "QF du" (else the day of the request). */
async function applyFamily(
  trx: Kysely<DB>,
  ctx: StaffContext,
  a: Assessment,
  patch: FieldValues,
  options: WriteOptions,
) {
  const own = Object.fromEntries(Object.entries(patch).filter(([k]) => !QUOTIENT_KEYS.includes(k)))
  // The family's row as the assessment read it, in this transaction (targets.ts): not read again.
  const known = a.target.entity === FAMILY ? a.target.row : undefined
  if (Object.keys(own).length > 0)
    await updateFamilyFields(trx, ctx, a.request.family_id, own, options, known)
  if (patch.qf === undefined) {
    if (patch.qf_du !== undefined || patch.qf_au !== undefined)
      throw invalidField('qf', 'QF', 'les dates du QF ne se retiennent qu’avec le QF lui-même')
    return
  }
  if (patch.qf === null) throw invalidField('qf', 'QF', 'un QF vide ne peut pas être enregistré')
  await setQuotient(
    trx,
    ctx,
    a.request.family_id,
    {
      qf: Number(patch.qf),
      validFrom: (patch.qf_du as string | null) ?? a.request.submitted_at.slice(0, 10),
      validTo: (patch.qf_au as string | null | undefined) ?? null,
    },
    options,
    a.target.entity === FAMILY ? a.target.quotients : undefined,
  )
}

/** An addition needs its required fields: refusing one of them means refusing the whole record. */
function checkRequired(a: Assessment, patch: FieldValues): void {
  for (const f of a.spec.fields)
    if (f.required && (patch[f.key] === undefined || patch[f.key] === null))
      throw invalidField(
        `outcomes.${f.key}`,
        f.label,
        'obligatoire pour ajouter la fiche : acceptez cette ligne ou refusez toute la demande',
      )
}

/**
 * Applies the accepted fields through the same services as the files
 * (validation, versions, audit entries naming the request), in the
 * decision's transaction. With `gather`, their audit entries and the
 * coverage to compute again are left to the caller, who writes them in this
 * transaction before anything reads them.
 */
export async function applyAccepted(
  trx: Kysely<DB>,
  ctx: StaffContext,
  a: Assessment,
  patch: FieldValues,
  gather?: GatheredWrites,
): Promise<void> {
  // Bulk validation gathers the changes' audit entries and coverage for its batch (decision-writes.ts).
  const options: WriteOptions = { requestId: a.request.id, gather }
  const { spec, target, request } = a
  const childId = request.child_id as number
  if (spec.mode === 'add') checkRequired(a, patch)
  switch (spec.kind) {
    case 'responsable.update':
    case 'conjoint.update':
      // The guardian as the assessment read it, in this transaction (targets.ts): not read again.
      await saveGuardianFields(
        trx,
        ctx,
        request.family_id,
        spec.target as 'responsable',
        patch,
        options,
        target.row,
      )
      return
    case 'caf.update':
    case 'fiscal.update':
    case 'bank.update':
      return applyFamily(trx, ctx, a, patch, options)
    case 'authorized_person.add':
      await addAuthorizedPerson(trx, ctx, childId, patch, options)
      return
    case 'authorized_person.update':
      await updateAuthorizedPerson(trx, ctx, target.id as number, patch, options)
      return
    case 'vaccination.add':
      await addVaccination(trx, ctx, childId, patch, options)
      return
    case 'health.add':
      await addHealthCondition(trx, ctx, childId, patch, options)
      return
    case 'health.update':
      await updateHealthCondition(trx, ctx, target.id as number, patch, options)
      return
    case 'authorized_person.delete':
    case 'health.delete':
      if (!target.entity || target.id === null) throw new AppError('CONFLICT', target.notApplicable ?? '')
      await deleteChildRecord(trx, ctx, target.entity, target.id, options)
      return
    case 'departure.declare':
      // Ends the enrolments and archives the family as on the child's file (docs/depart-et-archivage.md).
      await updateChildFields(trx, ctx, childId, patch, options)
      return
    case 'reservation.add':
    case 'reservation.cancel':
    case 'absence.declare':
      // Decided date by date through the agenda, never as a patch (agenda-decide.ts).
      throw new AppError('VALIDATION', 'Une réservation ou une absence se décide date par date.')
  }
}
