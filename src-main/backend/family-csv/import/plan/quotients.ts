import type { ExistingQuotient } from '../existing'
import type { IncomingQuotient } from '../incoming'
import type { PlanContext } from './context'
import type { Ref } from './model'

// The quotient familial keeps its history (docs/fichiers-csv.md, « Quotient familial »): a QF read for a
// period that already has one corrects it; a QF for a new period is added
// after the others, closing the open-ended one the day before, as the
// family screen's setQuotient does. An export writes the current QF, so
// importing it back finds its period and changes nothing.

function dayBefore(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() - 1)
  return date.toISOString().slice(0, 10)
}

/** Plans the QF a row gives; true when it changes the family's history. */
/** `history`: the family's quotients in the database, oldest first. */
export function planQuotient(
  ctx: PlanContext,
  family: Ref,
  quotient: IncomingQuotient,
  history: ExistingQuotient[],
): boolean {
  const same = history.find((q) => q.valid_from === quotient.from)
  const changes = (before: { qf: number | null; from: string | null; to: string | null }) => [
    { field: 'qf', label: 'QF', before: before.qf, after: quotient.qf },
    { field: 'qf_du', label: 'QF du', before: before.from, after: quotient.from },
    { field: 'qf_au', label: 'QF au', before: before.to, after: quotient.to },
  ]
  if (same) {
    if (same.qf === quotient.qf && same.valid_to === quotient.to) return false
    ctx.plan.quotients.push({
      family,
      update: { id: same.id, qf: quotient.qf, to: quotient.to },
      changes: changes({ qf: same.qf, from: same.valid_from, to: same.valid_to }),
    })
    return true
  }
  const previous = history.at(-1)
  const close =
    previous && previous.valid_to === null && previous.valid_from < quotient.from
      ? { id: previous.id, to: dayBefore(quotient.from) }
      : undefined
  ctx.plan.quotients.push({
    family,
    insert: { qf: quotient.qf, from: quotient.from, to: quotient.to },
    close,
    changes: changes({
      qf: previous?.qf ?? null,
      from: previous?.valid_from ?? null,
      to: previous?.valid_to ?? null,
    }),
  })
  return true
}
