import { accessExportJob } from '../access-export/job'
import { exportJob, importPreviewJob, importRunJob } from '../family-csv/jobs'
import { requestsImportJob } from '../requests/import-job'
import { retentionApplyJob } from '../retention/job'
import { backupJob } from './backup-job'
import { dailyBackupJob } from './daily-backup-job'
import type { JobRunner } from './types'

/** Every long task that runs in a worker thread, by name. Features add theirs here. */
export const jobKinds: Record<string, JobRunner<never, unknown>> = {
  'db.backup': backupJob,
  'db.dailyBackup': dailyBackupJob,
  'requests.import': requestsImportJob,
  'csv.export': exportJob,
  'csv.import.preview': importPreviewJob,
  'csv.import.run': importRunJob,
  'access-export': accessExportJob,
  'retention.apply': retentionApplyJob,
}
