import type { DB, RequestChannel } from '@db/schema'
import { didYouMean, oneDigitOff } from '@shared/domain/near-number'
import type { Kysely } from 'kysely'
import type { StaffContext } from '../context'
import { holdAgendaDays } from './agenda-intake'
import { chunks } from './chunks'
import type { ParsedRequest } from './intake-line'
import { buildItems, subjectOf } from './items'
import { applyReplacements } from './replacement'

export interface LineError {
  line: number
  reason: string
}

export interface Numbered {
  line: number
  request: ParsedRequest
}

export interface StoreOutcome {
  inserted: { line: number; id: number; ref: string }[]
  duplicates: number
  errors: LineError[]
  replaced: number
}

export interface Origin {
  channel: RequestChannel
  enteredBy: number | null
  /** False for a paper or phone request whose time nobody typed (only its day is known). */
  submittedTimeKnown?: boolean
}

async function familyIds(trx: Kysely<DB>, numbers: string[]) {
  const map = new Map<string, number>()
  for (const part of chunks([...new Set(numbers)]))
    for (const row of await trx
      .selectFrom('families')
      .select(['id', 'number'])
      .where('number', 'in', part)
      .execute())
      map.set(row.number, row.id)
  return map
}

async function childRows(trx: Kysely<DB>, identifiers: string[]) {
  const map = new Map<string, { id: number; family_id: number }>()
  for (const part of chunks([...new Set(identifiers)]))
    for (const row of await trx
      .selectFrom('children')
      .select(['id', 'identifier', 'family_id'])
      .where('identifier', 'in', part)
      .execute())
      map.set(row.identifier, row)
  return map
}

type Near = Map<string, { number: string; name: string }[]>

/** For each number not found, the families and children one digit away from it, to propose. */
async function nearNumbers(
  trx: Kysely<DB>,
  families: { missing: string[] },
  children: { missing: string[] },
): Promise<{ families: Near; children: Near }> {
  const near = async (
    missing: string[],
    find: (candidates: string[]) => Promise<{ number: string; name: string }[]>,
  ) => {
    const out: Near = new Map()
    for (const number of new Set(missing.slice(0, 200))) {
      const found = await find(oneDigitOff(number))
      if (found.length > 0) out.set(number, found)
    }
    return out
  }
  return {
    families: await near(families.missing, (candidates) =>
      trx
        .selectFrom('families as f')
        .leftJoin('guardians as g', (join) =>
          join.onRef('g.family_id', '=', 'f.id').on('g.role', '=', 'responsable'),
        )
        .select(['f.number as number', 'g.last_name', 'g.first_name'])
        .where('f.number', 'in', candidates)
        .orderBy('f.number')
        .execute()
        .then((rows) =>
          rows.map((r) => ({ number: r.number, name: `${r.last_name ?? ''} ${r.first_name ?? ''}`.trim() })),
        ),
    ),
    children: await near(children.missing, (candidates) =>
      trx
        .selectFrom('children')
        .select(['identifier', 'last_name', 'first_name'])
        .where('identifier', 'in', candidates)
        .orderBy('identifier')
        .execute()
        .then((rows) =>
          rows.map((r) => ({ number: r.identifier, name: `${r.last_name} ${r.first_name}`.trim() })),
        ),
    ),
  }
}

async function knownRefs(trx: Kysely<DB>, refs: string[]) {
  const set = new Set<string>()
  for (const part of chunks([...new Set(refs)]))
    for (const row of await trx.selectFrom('requests').select('ref').where('ref', 'in', part).execute())
      set.add(row.ref)
  return set
}

interface Placed {
  line: number
  request: ParsedRequest
  familyId: number
  childId: number | null
}

/** Checks family and child against the database; the reason names the field in French, and proposes a number one digit away. */
function place(
  entry: Numbered,
  families: Map<string, number>,
  children: Map<string, { id: number; family_id: number }>,
  near: { families: Near; children: Near },
): Placed | string {
  const { request } = entry
  const familyId = families.get(request.familyNumber)
  if (familyId === undefined)
    return `N° famille : famille n° ${request.familyNumber} introuvable${didYouMean(near.families.get(request.familyNumber) ?? [])}`
  let childId: number | null = null
  if (request.childIdentifier) {
    const child = children.get(request.childIdentifier)
    if (!child)
      return `Identifiant enfant : enfant d’identifiant ${request.childIdentifier} introuvable${didYouMean(near.children.get(request.childIdentifier) ?? [])}`
    if (child.family_id !== familyId)
      return `Identifiant enfant : l’enfant ${request.childIdentifier} n’appartient pas à la famille n° ${request.familyNumber}`
    childId = child.id
  }
  return { ...entry, familyId, childId }
}

/** The requests row of a checked request (its family and child found), without the stamps. */
export function requestRow(
  request: ParsedRequest,
  familyId: number,
  childId: number | null,
  origin: Origin,
  receivedAt: string,
) {
  return {
    ref: request.ref,
    channel: origin.channel,
    submitted_at: request.submittedAt,
    submitted_at_utc: request.submittedAtUtc,
    received_at: receivedAt,
    family_id: familyId,
    child_id: childId,
    kind: request.spec.kind,
    payload: JSON.stringify(request.payload),
    seen: request.seenRaw ? JSON.stringify(request.seenRaw) : null,
    comment: request.comment,
    needs_review: request.spec.needsReview ? 1 : 0,
    entered_by: origin.enteredBy,
    submitted_time_known: origin.submittedTimeKnown === false ? 0 : 1,
    subject: subjectOf(request.spec, familyId, childId, request.values),
  }
}

async function insertAll(trx: Kysely<DB>, ctx: StaffContext, placed: Placed[], origin: Origin) {
  const now = ctx.clock.now().toISOString()
  const rows = placed.map(({ request, familyId, childId }) => ({
    ...requestRow(request, familyId, childId, origin, now),
    created_at: now,
    updated_at: now,
  }))
  const ids = new Map<string, number>()
  for (const part of chunks(rows, 400))
    for (const row of await trx.insertInto('requests').values(part).returning(['id', 'ref']).execute())
      ids.set(row.ref, row.id)
  const items = placed.flatMap(({ request }) =>
    buildItems(request.spec, request.values, request.seen).map((item) => ({
      ...item,
      request_id: ids.get(request.ref) as number,
    })),
  )
  for (const part of chunks(items, 1000)) await trx.insertInto('request_items').values(part).execute()
  return { ids, subjects: rows.map((r) => r.subject) }
}

/**
 * Puts checked requests in the queue, in the caller's transaction: a ref
 * already known (in the database or earlier in the same batch) is a
 * duplicate, an unknown family or child an error; the others are inserted
 * with their items, then newer requests replace the older ones they cover.
 */
export async function storeRequests(
  trx: Kysely<DB>,
  ctx: StaffContext,
  entries: Numbered[],
  origin: Origin,
): Promise<StoreOutcome> {
  const families = await familyIds(
    trx,
    entries.map((e) => e.request.familyNumber),
  )
  const children = await childRows(
    trx,
    entries.flatMap((e) => (e.request.childIdentifier ? [e.request.childIdentifier] : [])),
  )
  const known = await knownRefs(
    trx,
    entries.map((e) => e.request.ref),
  )
  const near = await nearNumbers(
    trx,
    { missing: entries.map((e) => e.request.familyNumber).filter((n) => !families.has(n)) },
    {
      missing: entries.flatMap((e) =>
        e.request.childIdentifier && !children.has(e.request.childIdentifier)
          ? [e.request.childIdentifier]
          : [],
      ),
    },
  )
  const errors: LineError[] = []
  const placed: Placed[] = []
  let duplicates = 0
  for (const entry of entries) {
    if (known.has(entry.request.ref)) {
      duplicates++
      continue
    }
    const result = place(entry, families, children, near)
    if (typeof result === 'string') errors.push({ line: entry.line, reason: result })
    else {
      placed.push(result)
      known.add(entry.request.ref)
    }
  }
  const { ids, subjects } = await insertAll(trx, ctx, placed, origin)
  const replaced = await applyReplacements(trx, ctx, subjects)
  await holdAgendaDays(
    trx,
    placed.map((p) => ({
      id: ids.get(p.request.ref) as number,
      spec: p.request.spec,
      childId: p.childId,
      values: p.request.values,
    })),
  )
  return {
    inserted: placed.map((p) => ({ line: p.line, id: ids.get(p.request.ref) as number, ref: p.request.ref })),
    duplicates,
    errors,
    replaced,
  }
}
