import type { DB } from '@db/schema'
import { formatDay } from '@shared/format/date'
import { KIND_SPECS, kindSpec } from '@shared/requests/kinds'
import type { Kysely } from 'kysely'
import type { StaffContext } from '../context'
import { chunks } from './chunks'

interface Pending {
  id: number
  ref: string
  kind: string
  subject: string
  submitted_at: string
  submitted_at_utc: string
  fields: Set<string>
}

/** An addition or a deletion is about the whole record; an update or agenda request about some fields or days. */
const isWhole = (kind: string) => {
  const mode = kindSpec(kind)?.mode
  return mode === 'add' || mode === 'delete'
}

/**
 * True when `newer` asks about everything `older` asks about, so that `older`
 * has nothing left to say. Only a request of the same kind replaces another:
 * a reservation never replaces an absence, a deletion never an update.
 */
function covers(newer: Pending, older: Pending): boolean {
  if (newer.kind !== older.kind) return false
  if (isWhole(newer.kind)) return true
  if (isWhole(older.kind)) return false
  return [...older.fields].every((f) => newer.fields.has(f))
}

async function loadPending(trx: Kysely<DB>, subjects: string[]): Promise<Pending[]> {
  const rows: Omit<Pending, 'fields'>[] = []
  for (const part of chunks(subjects))
    rows.push(
      ...(await trx
        .selectFrom('requests')
        .select(['id', 'ref', 'kind', 'subject', 'submitted_at', 'submitted_at_utc'])
        .where('subject', 'in', part)
        .where('state', '=', 'pending')
        .execute()),
    )
  const fields = new Map<number, Set<string>>(rows.map((r) => [r.id, new Set()]))
  for (const part of chunks(rows.map((r) => r.id)))
    for (const item of await trx
      .selectFrom('request_items')
      .select(['request_id', 'field'])
      .where('request_id', 'in', part)
      .execute())
      fields.get(item.request_id)?.add(item.field)
  return rows.map((r) => ({ ...r, fields: fields.get(r.id) ?? new Set() }))
}

function replacedReply(older: Pending, newer: Pending): string {
  return `Votre demande du ${formatDay(older.submitted_at)} (${KIND_SPECS[older.kind as keyof typeof KIND_SPECS]?.label ?? older.kind}) a été remplacée par votre demande plus récente du ${formatDay(newer.submitted_at)} (${newer.ref}), qui sera traitée à sa place.`
}

/**
 * A newer pending request about the same subject that covers an older one
 * marks the older one 'replaced' (both stay in the queue, the older one
 * pointing at the newer). "Newer" is by submission time, whatever the order
 * of import. Returns how many requests were replaced.
 */
export async function applyReplacements(
  trx: Kysely<DB>,
  ctx: StaffContext,
  subjects: string[],
): Promise<number> {
  const pending = await loadPending(trx, [...new Set(subjects)])
  const bySubject = new Map<string, Pending[]>()
  for (const p of pending) {
    const group = bySubject.get(p.subject)
    if (group) group.push(p)
    else bySubject.set(p.subject, [p])
  }
  const now = ctx.clock.now().toISOString()
  let replaced = 0
  for (const group of bySubject.values()) {
    group.sort((a, b) => a.submitted_at_utc.localeCompare(b.submitted_at_utc) || a.id - b.id)
    for (const [i, older] of group.entries()) {
      const newer = group.slice(i + 1).find((candidate) => covers(candidate, older))
      if (!newer) continue
      await trx
        .updateTable('requests')
        .set((eb) => ({
          state: 'replaced',
          replaced_by: newer.id,
          decided_at: now,
          reply: replacedReply(older, newer),
          resolution: `Remplacée par la demande ${newer.ref}, plus récente et portant sur les mêmes informations.`,
          updated_at: now,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', older.id)
        .where('state', '=', 'pending')
        .execute()
      replaced++
    }
  }
  return replaced
}
