import type { DB } from '@db/schema'
import type { MessageRow } from '@shared/contract/messages'
import { kindSpec } from '@shared/requests/kinds'
import type { Kysely } from 'kysely'

// Messages as the screens show them: with the family, the child, the
// request answered and who wrote them. What says something about health
// (a PAI criterion or template, a reply to a health request) keeps its
// subject and body for the roles allowed to see health data.

export function messageRows(db: Kysely<DB>) {
  return db
    .selectFrom('messages as m')
    .innerJoin('families as f', 'f.id', 'm.family_id')
    .leftJoin('guardians as g', (j) => j.onRef('g.family_id', '=', 'f.id').on('g.role', '=', 'responsable'))
    .leftJoin('children as c', 'c.id', 'm.child_id')
    .leftJoin('requests as r', 'r.id', 'm.request_id')
    .leftJoin('staff as s', 's.id', 'm.created_by')
    .select([
      'm.id',
      'm.public_id',
      'm.family_id',
      'f.number as family_number',
      'g.last_name as g_last',
      'g.first_name as g_first',
      'm.child_id',
      'c.first_name as c_first',
      'c.last_name as c_last',
      'r.ref as request_ref',
      'r.kind as request_kind',
      'm.subject',
      'm.body',
      'm.health_data',
      'm.state',
      'm.channel',
      'm.created_at',
      's.display_name as created_by',
      'm.exported_at',
      'm.printed_at',
      'm.batch_id',
      'm.version',
    ])
}

type Raw = Awaited<ReturnType<ReturnType<typeof messageRows>['execute']>>[number]

/** True when the message says something about a child's health. */
export const isHealthMessage = (row: { health_data: number; request_kind: string | null }) =>
  row.health_data === 1 || (row.request_kind !== null && kindSpec(row.request_kind)?.health === true)

export function toMessageRow(row: Raw, healthAllowed: boolean): MessageRow {
  const health = isHealthMessage(row)
  const hidden = health && !healthAllowed
  return {
    id: row.id,
    publicId: row.public_id,
    familyId: row.family_id,
    familyNumber: row.family_number,
    familyName: `${row.g_last ?? ''} ${row.g_first ?? ''}`.trim(),
    childId: row.child_id,
    childName: row.c_first ? `${row.c_first} ${row.c_last ?? ''}`.trim() : null,
    requestRef: row.request_ref,
    subject: hidden ? null : row.subject,
    body: hidden ? null : row.body,
    healthData: health,
    state: row.state,
    channel: row.channel,
    createdAt: row.created_at,
    createdBy: row.created_by,
    exportedAt: row.exported_at,
    printedAt: row.printed_at,
    batchId: row.batch_id,
    version: row.version,
  }
}
