import type { BulkSummary } from '@shared/contract/requests'
import { type KindSpec, payloadFields } from '@shared/requests/kinds'
import { CompiledQuery } from 'kysely'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { pauseSearchTriggers, refreshSearchRows } from '../search/maintenance'
import { agendaBulkObstacle } from './agenda-bulk'
import { type Assessment, assess, assessAll, type RequestRecord } from './assess'
import { chunks } from './chunks'
import { type AccessChecks, decideWithin } from './decide'
import { addWrites, flushWrites, noWrites } from './decision-writes'
import { familyGreetings } from './family-name'

/** Why a request cannot be validated without a person looking at it; null when it can. */
export function bulkObstacle(a: Assessment): string | null {
  // Reservations and absences: every date on time and with room (agenda-bulk.ts).
  const agenda = agendaBulkObstacle(a)
  if (agenda) return agenda
  if (a.target.notApplicable) return `ne s’applique plus : ${a.target.notApplicable}`
  if (a.request.needs_review === 1)
    return 'à vérifier par une personne (coordonnées bancaires, personnes autorisées ou santé)'
  if (a.conflict) return 'conflit : la valeur actuelle diffère de celle que la famille voyait'
  const superseded = a.lines.find((l) => l.supersededBy)?.supersededBy
  if (superseded) return `une demande plus récente (${superseded}) change aussi ces informations`
  return null
}

/**
 * Requests decided per transaction: short enough to leave the database to
 * the other staff in between (a batch holds the write lock for about a
 * quarter of a second on a city's database, well under the 5 s other
 * connections wait), long enough that the commits' disk syncs stay a small
 * part of the work (docs/architecture.md, figures).
 */
const BATCH = 250

// A request's savepoint (when the batch needs them), compiled once: the same text each time.
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT bulk_request')
const RELEASE = CompiledQuery.raw('RELEASE SAVEPOINT bulk_request')
const ROLLBACK = CompiledQuery.raw('ROLLBACK TO SAVEPOINT bulk_request')

/** The family or child a request changes: a later request on it must be assessed after the earlier one is applied. */
const touches = (r: RequestRecord) => (r.child_id === null ? `f${r.family_id}` : `c${r.child_id}`)

/** Requests on a guardian: the reply greets the family by its responsable's civility and name. */
const GUARDIAN_TARGETS = new Set(['responsable', 'conjoint'])

/** The guardian's columns a greeting is made of (family-name.ts). */
const GREETING_COLUMNS = new Set(['civility', 'last_name', 'first_name'])

/** By kind, the fields of its payload a greeting is made of. */
const greetingFields = new WeakMap<KindSpec, Set<string>>()

function greetingFieldsOf(spec: KindSpec): Set<string> {
  let keys = greetingFields.get(spec)
  if (!keys) {
    const fields = payloadFields(spec).filter((f) => GREETING_COLUMNS.has(f.column))
    keys = new Set(fields.flatMap((f) => [f.key, ...(f.aliases ?? [])]))
    greetingFields.set(spec, keys)
  }
  return keys
}

/**
 * Whether the request may change its family's greeting: it creates the
 * guardian, or changes its civility or name. A change of e-mail or phone
 * keeps the greeting read for the batch.
 */
function changesGreeting(a: Assessment): boolean {
  if (!GUARDIAN_TARGETS.has(a.spec.target)) return false
  if (a.target.id === null) return true
  const keys = greetingFieldsOf(a.spec)
  return a.items.some((i) => keys.has(i.field))
}

/**
 * Targets stored in tables whose search triggers (migration family-search)
 * the batch silences: the guardians and the children. The search rows of
 * their families (and children) are rewritten once at the batch's end, in
 * its transaction, instead of after each request: the full-text index then
 * takes the batch's rows together. Families' other fields, authorised
 * persons, vaccinations, health and the agenda are not in the search.
 */
const SEARCHED_TARGETS = new Set(['responsable', 'conjoint', 'child'])

/**
 * Thrown when a batch decided without savepoints meets a request refused
 * after it started writing: its writes must be undone alone, so the batch
 * (rolled back whole) is decided again, one savepoint per request.
 */
class NeedsSavepoints extends Error {}

/**
 * Validates many requests as they are. Each request is its own decision,
 * for its own family: one that fails (a value refused by the files' rules)
 * leaves nothing and does not undo the others. Requests go by batches, one
 * transaction each, assessed together (a few queries per batch); a request
 * whose family or child an earlier one of the batch changed is assessed
 * again, after that change. The checks run inside the transaction; a
 * request that needs a person's eye is skipped with the reason. What no
 * later request of the batch reads (the lines' outcomes, the replies) is
 * gathered and written at the end of the batch, in its transaction; a
 * request refused adds nothing to it.
 */
export async function bulkValidate(ctx: StaffContext, ids: number[]): Promise<BulkSummary> {
  const summary: BulkSummary = { applied: [], skipped: [] }
  for (const batch of chunks([...new Set(ids)], BATCH)) {
    const decided = await validateBatch(ctx, batch, false).catch((error) => {
      if (error instanceof NeedsSavepoints) return validateBatch(ctx, batch, true)
      throw error
    })
    summary.applied.push(...decided.applied)
    summary.skipped.push(...decided.skipped)
  }
  return summary
}

/**
 * One batch in one transaction. Most refusals come before anything is
 * written (a request already decided, a conflict, a flag, a role without
 * the right): such a request leaves nothing to undo. So the batch first
 * runs without a savepoint per request (two statements fewer each); a
 * request refused after its first write (decide.ts, `writing`) ends that
 * run, which rolls back, and the batch runs again with `savepoints`: each
 * request then rolls back to its own on a refusal.
 */
async function validateBatch(ctx: StaffContext, batch: number[], savepoints: boolean): Promise<BulkSummary> {
  const summary: BulkSummary = { applied: [], skipped: [] }
  await inTransaction(ctx.db, async (trx) => {
    const rows = await trx.selectFrom('requests').selectAll().where('id', 'in', batch).execute()
    const byId = new Map(rows.map((r) => [r.id, r]))
    const now = ctx.clock.now()
    // Agenda dates are checked as they are applied (agenda-bulk.ts): not assessed beforehand.
    const assessed = new Map(
      (await assessAll(trx, rows, now, { agendaDays: false })).map((a) => [a.request.id, a]),
    )
    const touched = new Set<string>()
    // Search rows of the families and children the batch changed, rewritten once at its end.
    await pauseSearchTriggers(trx, true)
    const searchFamilies = new Set<number>()
    const searchChildren = new Set<number>()
    // The lines' outcomes and the replies of the requests validated, written once at the end.
    const writes = noWrites()
    // The replies' greetings, read for the whole batch; a family whose greeting a request of
    // the batch may change (changesGreeting) is read again by the decision (decide.ts).
    const greetings = await familyGreetings(
      trx,
      rows.map((r) => r.family_id),
    )
    // The role's rights, read once for the batch.
    const access: AccessChecks = {}
    for (const id of batch) {
      const request = byId.get(id)
      if (!request) {
        summary.skipped.push({ id, ref: `n° ${id}`, reason: 'demande introuvable' })
        continue
      }
      const fresh = touched.has(touches(request)) ? undefined : assessed.get(id)
      // Assessed again: it must read what the batch has decided so far (states, outcomes).
      if (fresh === undefined) await flushWrites(trx, writes)
      const own = noWrites()
      let writing = false
      if (savepoints) await trx.executeQuery(SAVEPOINT)
      try {
        const decided = fresh ?? (await assess(trx, request, ctx.clock.now()))
        const renames = changesGreeting(decided)
        await decideWithin(
          trx,
          ctx,
          request,
          { id, version: request.version, action: 'decide', outcomes: [] },
          {
            acceptAll: true,
            guard: bulkObstacle,
            greeting: () => (renames ? undefined : greetings.get(request.family_id)),
            writes: own,
            access,
            writing: () => {
              writing = true
            },
          },
          decided,
        )
        if (savepoints) await trx.executeQuery(RELEASE)
        addWrites(writes, own)
        summary.applied.push({ id, ref: request.ref })
        touched.add(touches(request))
        if (SEARCHED_TARGETS.has(decided.spec.target)) searchFamilies.add(request.family_id)
        if (decided.spec.target === 'child' && request.child_id !== null) searchChildren.add(request.child_id)
        if (renames) greetings.delete(request.family_id)
      } catch (error) {
        // Anything but a refusal (a full disk…) ends the whole batch: the transaction rolls back.
        if (!(error instanceof AppError)) throw error
        if (savepoints) {
          await trx.executeQuery(ROLLBACK)
          await trx.executeQuery(RELEASE)
        } else if (writing) throw new NeedsSavepoints()
        summary.skipped.push({ id, ref: request.ref, reason: error.message })
      }
    }
    await flushWrites(trx, writes)
    await refreshSearchRows(trx, [...searchFamilies], [...searchChildren])
    await pauseSearchTriggers(trx, false)
  })
  return summary
}
