import { z } from '../zod'
import { channel } from './define'
import { familyId } from './families'

// The family's access request (docs/droit-d-acces.md): everything Marelle
// holds about one family, in one .zip (a readable PDF, the same as JSON, and
// the audit entries about the family and its children). The work runs as a
// job (jobs/status for the progress); only the roles allowed to see health
// data may start it, and producing it is audited.

export interface AccessExportFile {
  name: string
  bytes: number
}

export interface AccessExportResult {
  familyNumber: string
  /** The .zip's name, `droit-d-acces-<N° famille>-<aaaa-mm-jj>.zip`. */
  fileName: string
  /** Where it was written (desktop, CLI). */
  path: string | null
  /** Web mode: what to fetch with csv/downloadChunk. */
  download: { id: string; name: string; size: number } | null
  /** The files inside the .zip. */
  files: AccessExportFile[]
  children: number
  auditEntries: number
  /** True when the role may not see bank details and tax figures: they were left out. */
  financeOmitted: boolean
}

export const accessExportChannels = {
  /** Starts the export of one family; `path` (desktop: granted by files/chooseSave) or, without it, a download. */
  'access-export/start': channel(
    z.object({ familyId, path: z.string().min(1).max(4096).describe('Chemin').optional() }).strict(),
  ).returns<{ jobId: string }>(),
}
