import type { AgendaRequestDaysTable, DB } from '@db/schema'
import type { KindSpec } from '@shared/requests/kinds'
import type { Kysely } from 'kysely'
import type { FieldValues } from '../records/values'
import { resolveServices } from './agenda-service'
import { chunks } from './chunks'

/** A request just stored, as intake knows it. */
export interface StoredRequest {
  id: number
  spec: KindSpec
  childId: number | null
  values: FieldValues
}

type Action = AgendaRequestDaysTable['action']

/**
 * The agenda side of intake, in the intake's transaction (docs/demandes-portail.md):
 * the dates of each new pending reservation or absence request are written to
 * agenda_request_days, so that the child's agenda shows "Réservation en cours
 * de traitement" or "Absence en cours de traitement" on them. A request whose
 * service is unknown is marked "À vérifier" (the review says why). Requests
 * that the new ones replaced leave the agenda.
 */
export async function holdAgendaDays(trx: Kysely<DB>, stored: StoredRequest[]): Promise<void> {
  const agenda = stored.filter((r) => r.spec.mode === 'agenda' && r.childId !== null)
  if (agenda.length === 0) return
  const ids = agenda.map((r) => r.id)
  // Older requests replaced by these ones no longer wait for a decision.
  for (const part of chunks(ids))
    await trx
      .deleteFrom('agenda_request_days')
      .where('request_id', 'in', (eb) =>
        eb
          .selectFrom('requests')
          .select('id')
          .where('replaced_by', 'in', part)
          .where('state', '=', 'replaced'),
      )
      .execute()
  const pending = new Set<number>()
  for (const part of chunks(ids))
    for (const row of await trx
      .selectFrom('requests')
      .select('id')
      .where('id', 'in', part)
      .where('state', '=', 'pending')
      .execute())
      pending.add(row.id)
  const open = agenda.filter((r) => pending.has(r.id))
  const matches = await resolveServices(
    trx,
    open.map((r) => ({ childId: r.childId as number, service: String(r.values.service ?? '') })),
  )
  const unknown = open.filter((_, i) => matches[i].service === null).map((r) => r.id)
  for (const part of chunks(unknown))
    await trx.updateTable('requests').set({ needs_review: 1 }).where('id', 'in', part).execute()
  const rows = open.flatMap((r, i) => {
    const service = matches[i].service
    if (!service) return []
    return (r.values.dates as string[]).map((day) => ({
      request_id: r.id,
      day,
      child_id: r.childId as number,
      service_id: service.id,
      action: r.spec.kind as Action,
    }))
  })
  for (const part of chunks(rows, 150)) await trx.insertInto('agenda_request_days').values(part).execute()
}

/** A decided (or closed, or replaced) request no longer shows on the agenda. */
export async function releaseAgendaDays(trx: Kysely<DB>, requestId: number): Promise<void> {
  await trx.deleteFrom('agenda_request_days').where('request_id', '=', requestId).execute()
}
