import type { DB } from '@db/schema'
import { formatInstant } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { parseChanges } from '../audit/changes'
import type { FieldChange } from '../audit/service'
import { AppError } from '../errors'
import type { Entity } from './entities'

export interface ChangeInBetween {
  at: string
  actor: string
  changes: FieldChange[]
}

const show = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '(vide)'
    : value === true
      ? 'Oui'
      : value === false
        ? 'Non'
        : String(value)

/**
 * The refusal of a save made on a stale version: it says who changed what
 * in between (from the audit trail), so that nothing is overwritten silently.
 */
export async function staleVersionError(
  trx: Kysely<DB>,
  entity: Entity,
  id: number,
  expectedVersion: number,
): Promise<AppError> {
  const rows = await trx
    .selectFrom('audit_log')
    .select(['at', 'actor', 'changes'])
    .where('entity_type', '=', entity.type)
    .where('entity_id', '=', id)
    .where('entity_version', '>', expectedVersion)
    // Lets SQLite use the partial index (expectedVersion is at least 1).
    .where('entity_version', '>', 1)
    .orderBy('id')
    .execute()
  const between: ChangeInBetween[] = rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    changes: parseChanges(entity.type, r.changes),
  }))
  const lines = between.flatMap((b) =>
    b.changes.map(
      (c) => `${c.label} : ${show(c.before)} → ${show(c.after)} (${b.actor}, ${formatInstant(b.at)})`,
    ),
  )
  const message = [
    `${entity.name} : cette fiche a été modifiée par quelqu’un d’autre pendant que vous la modifiiez.`,
    ...(lines.length > 0 ? ['Modifications faites entre-temps :', ...lines.map((l) => `• ${l}`)] : []),
    'Vos modifications n’ont pas été enregistrées : rechargez la fiche, puis refaites-les.',
  ].join('\n')
  return new AppError('CONFLICT', message, undefined, { changes: between })
}
