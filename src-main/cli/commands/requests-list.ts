import type { QueueRow } from '@shared/contract/requests'
import { formatDay } from '@shared/format/date'
import { listQueue } from '../../backend/requests/queue'
import { type Command, EXIT_OK, UsageError } from '../command'

const PAGE = 1000

function jsonOf(row: QueueRow) {
  return {
    ref: row.ref,
    kind: row.kind,
    state: row.state,
    channel: row.channel,
    submitted_at: row.submittedAt,
    days_waiting: row.daysWaiting,
    family: row.familyNumber,
    child: row.childIdentifier,
    needs_review: row.needsReview,
    conflict: row.conflict,
    not_applicable: row.notApplicable,
    replaced_by: row.replacedByRef,
  }
}

export const requestsListCommand: Command = {
  name: 'requests list',
  summary: 'Liste les demandes, en attente d’abord et les plus anciennes d’abord (--json : un tableau JSON).',
  usage: 'requests list [--state pending|decided] [--json]',
  options: { state: { type: 'string' }, json: { type: 'boolean' } },
  database: 'migrated',
  async run(ctx, { values }, io) {
    const state = values.state
    if (state !== undefined && state !== 'pending' && state !== 'decided')
      throw new UsageError('--state vaut pending ou decided.')
    const rows: QueueRow[] = []
    for (let offset = 0; ; offset += PAGE) {
      const page = await listQueue(ctx, {
        ...(state ? { states: [state] } : {}),
        offset,
        limit: PAGE,
      })
      rows.push(...page.rows)
      if (page.rows.length < PAGE) break
    }
    if (values.json) io.out(JSON.stringify(rows.map(jsonOf), null, 2))
    else
      for (const r of rows)
        io.out(
          [r.ref, formatDay(r.submittedAt.slice(0, 10)), r.kindLabel, r.familyNumber, r.state].join('\t'),
        )
    return EXIT_OK
  },
}
