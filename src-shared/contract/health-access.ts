import { day, identifier } from '../validation/values'
import { z } from '../zod'
import { channel } from './define'

// The health-data access log (administrators, docs/donnees-de-sante.md): who
// opened which child's health data, when, and from which screen or command.
// Newest first, a page at a time (keyset on the audit entry's id).

export interface HealthAccessRow {
  id: number
  /** ISO instant (UTC). */
  at: string
  staffId: number | null
  /** The staff member's name as the audit log recorded it. */
  actor: string
  /** 'view': one child's data; 'bulk': a list or an export. */
  kind: 'view' | 'bulk'
  childId: number | null
  childName: string | null
  childIdentifier: string | null
  familyId: number | null
  familyNumber: string | null
  requestRef: string | null
  /** The audit entry's text: « Consultation des données de santé (fiche de l’enfant) ». */
  note: string
  /** The channel of the screen ("children/get") or the command ("marelle family show"); null for older entries. */
  source: string | null
}

/** Where a read came from, in French: a command of the command line or a screen's channel; '' when unknown. */
export function healthReadSource(source: string | null): string {
  if (!source) return ''
  return source.startsWith('marelle ') ? `Commande « ${source} »` : `Écran (${source})`
}

export interface HealthAccessPage {
  rows: HealthAccessRow[]
  /** Give it as `beforeId` for the next page; null on the last page. */
  nextBeforeId: number | null
}

export interface HealthAccessStaff {
  id: number
  name: string
}

export interface HealthAccessFile {
  fileName: string
  /** The file's bytes, base64 (web mode); null when written to a granted path. */
  base64: string | null
  rows: number
}

const filters = {
  from: day('Du').optional(),
  to: day('Au').optional(),
  staffId: z.number().int().positive().describe('Membre du personnel').optional(),
  family: identifier('N° famille').optional(),
  child: identifier('Identifiant enfant').optional(),
}
const period = (v: { from?: string | null; to?: string | null }) => !v.from || !v.to || v.from <= v.to
const periodIssue = { message: 'Au : doit être après Du', path: ['to'] }

export const healthAccessListInput = z
  .object({
    ...filters,
    beforeId: z.number().int().positive().describe('Page').optional(),
    limit: z.number().int().min(1).max(500).describe('Nombre de lignes').default(100),
  })
  .strict()
  .refine(period, periodIssue)

export const healthAccessExportInput = z
  .object({ ...filters, path: z.string().max(4096).optional() })
  .strict()
  .refine(period, periodIssue)

export type HealthAccessFilters = z.infer<typeof healthAccessListInput>

export const healthAccessChannels = {
  'health-access/list': channel(healthAccessListInput, {
    access: 'administrateur',
  }).returns<HealthAccessPage>(),
  'health-access/staff': channel(z.object({}).strict(), { access: 'administrateur' }).returns<
    HealthAccessStaff[]
  >(),
  'health-access/export': channel(healthAccessExportInput, {
    access: 'administrateur',
  }).returns<HealthAccessFile>(),
}
