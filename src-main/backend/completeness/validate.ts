import type { DB } from '@db/schema'
import { CHECKLIST_ITEMS } from '@shared/contract/completeness'
import { dayInFrance } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { AppError } from '../errors'
import { staleVersionError } from '../records/conflict'
import { CHILD } from '../records/entities'
import { loadRow } from '../records/operations'
import { checkedRows, missingOf } from './service'

/**
 * "Valider le dossier": records who validated the child's file and when,
 * with an audit entry. Only a complete file can be validated, and only in
 * the version the staff member looked at.
 */
export async function validateChildFile(
  trx: Kysely<DB>,
  ctx: StaffContext,
  childId: number,
  expectedVersion: number,
): Promise<void> {
  const child = await loadRow(trx, CHILD, childId)
  if (child.version !== expectedVersion) throw await staleVersionError(trx, CHILD, childId, expectedVersion)
  const today = dayInFrance(ctx.clock.now())
  const [checked] = await checkedRows(trx, today, [childId])
  const missing = checked ? missingOf(checked) : []
  if (missing.length > 0) {
    const labels = CHECKLIST_ITEMS.filter((i) => missing.includes(i.value)).map((i) => i.label)
    throw new AppError('VALIDATION', `Le dossier est incomplet : ${labels.join(', ')}.`)
  }
  const now = ctx.clock.now().toISOString()
  await trx
    .updateTable('children')
    .set({ file_validated_at: now, file_validated_by: ctx.actor.staffId })
    .where('id', '=', childId)
    .execute()
  await writeAudit(trx, ctx.actor, ctx.clock, {
    action: 'child.validate',
    entityType: 'child',
    entityId: childId,
    familyId: child.family_id as number,
    childId,
    changes: [
      {
        field: 'dossier_valide_le',
        label: 'Dossier validé le',
        before: child.file_validated_at ?? null,
        after: now,
      },
    ],
    note: 'Dossier validé',
  })
}
