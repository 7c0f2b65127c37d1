import type { DB } from '@db/schema'
import { formatDay } from '@shared/format/date'
import { KIND_SPECS, kindSpec } from '@shared/requests/kinds'
import { type Kysely, sql } from 'kysely'
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

interface Replacement {
  older: number
  newer: number
  reply: string
  resolution: string
}

/**
 * Marks the `older` requests still pending 'replaced', pointing at their
 * `newer` one: one UPDATE … FROM (VALUES …) per 500 of them, not one per
 * request (a round trip each on a server, issue 12: a portal import of
 * thousands). SQL both engines run (SQLite ≥ 3.33): the columns of VALUES
 * are column1, column2… in both; each value is cast, as PostgreSQL's
 * parameters in VALUES have no column to take their type from (a bigint id
 * would be text). Returns how many rows changed.
 */
async function markReplaced(trx: Kysely<DB>, all: readonly Replacement[], now: string): Promise<number> {
  let changed = 0
  for (const part of chunks(all)) {
    const rows = part.map(
      (r) =>
        sql`(CAST(${r.older} AS bigint), CAST(${r.newer} AS bigint), CAST(${r.reply} AS text), CAST(${r.resolution} AS text))`,
    )
    const result =
      await sql`UPDATE requests SET state = 'replaced', replaced_by = v.column2, decided_at = ${now},
      reply = v.column3, resolution = v.column4, updated_at = ${now}, version = version + 1
      FROM (VALUES ${sql.join(rows)}) AS v
      WHERE requests.id = v.column1 AND requests.state = 'pending'`.execute(trx)
    changed += Number(result.numAffectedRows ?? 0)
  }
  return changed
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
  const replacements: Replacement[] = []
  for (const group of bySubject.values()) {
    group.sort((a, b) => a.submitted_at_utc.localeCompare(b.submitted_at_utc) || a.id - b.id)
    for (const [i, older] of group.entries()) {
      const newer = group.slice(i + 1).find((candidate) => covers(candidate, older))
      if (!newer) continue
      replacements.push({
        older: older.id,
        newer: newer.id,
        reply: replacedReply(older, newer),
        resolution: `Remplacée par la demande ${newer.ref}, plus récente et portant sur les mêmes informations.`,
      })
    }
  }
  return markReplaced(trx, replacements, ctx.clock.now().toISOString())
}
