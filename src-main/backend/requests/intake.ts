import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { parseLine } from './intake-line'
import { type LineError, type Numbered, storeRequests } from './store'

export interface ImportResult {
  imported: number
  duplicates: number
  errors: LineError[]
}

/** Reads a JSON Lines text: one result per non-blank line, numbered as an editor shows them. */
export function readLines(text: string): { entries: Numbered[]; errors: LineError[] } {
  const entries: Numbered[] = []
  const errors: LineError[] = []
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      if (raw.trim() === '') return
      const result = parseLine(raw)
      if (result.ok) entries.push({ line: index + 1, request: result.request })
      else errors.push({ line: index + 1, reason: result.reason })
    })
  return { entries, errors }
}

/**
 * Imports a portal export (docs/demandes-portail.md). Every valid line
 * goes in, in one transaction; a bad line is reported with its number and
 * reason and never stops the others. A ref already known is a duplicate:
 * importing the same file again changes nothing.
 */
export async function importRequests(
  ctx: StaffContext,
  text: string,
  source: string | null = null,
  progress: (phase: string) => void = () => {},
): Promise<ImportResult> {
  progress('Lecture du fichier')
  const read = readLines(text)
  progress('Enregistrement des demandes')
  const outcome = await inTransaction(ctx.db, async (trx) => {
    const stored = await storeRequests(trx, ctx, read.entries, { channel: 'portail', enteredBy: null })
    if (stored.inserted.length > 0)
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'request.import',
        entityType: 'request',
        note: `Import de ${stored.inserted.length} demande(s) du portail${source ? ` (fichier ${source})` : ''}`,
      })
    return stored
  })
  return {
    imported: outcome.inserted.length,
    duplicates: outcome.duplicates,
    errors: [...read.errors, ...outcome.errors].sort((a, b) => a.line - b.line),
  }
}
