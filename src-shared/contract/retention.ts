import { z } from '../zod'
import { channel } from './define'

// Retention and anonymisation (docs/conservation.md), for administrators only.
// Nothing here ever carries a name: counts per table, dates, backup file names.

/** How long each kind of data is kept. */
export interface RetentionSettings {
  /** Years after a child leaves before its file is anonymised (CNIL: 3 at most). */
  years: number
  /** Years an audit entry is kept. */
  auditYears: number
  /** Years a trace of a health-data read is kept. */
  healthAccessYears: number
  /** Days a copy in the backups folder is kept. */
  backupDays: number
}

export const RETENTION_LIMITS = {
  years: { min: 1, max: 3 },
  auditYears: { min: 1, max: 10 },
  healthAccessYears: { min: 1, max: 6 },
  backupDays: { min: 1, max: 365 },
} as const

/** The dates a plan was computed with ('YYYY-MM-DD'; "before" is exclusive, "leftOnOrBefore" inclusive). */
export interface RetentionCutoffs {
  /** Children who left on or before this day are anonymised. */
  leftOnOrBefore: string
  /** Audit entries written before this day are deleted. */
  auditBefore: string
  /** Traces of health-data reads written before this day are deleted. */
  healthAccessBefore: string
  /** Backup copies taken before this day are deleted. */
  backupsBefore: string
}

export type RetentionAction = 'anonymiser' | 'supprimer'

/** One line of the plan: what happens to how many rows of one table. */
export interface RetentionTableCount {
  table: string
  /** French: "Enfants", "Vaccinations"… */
  label: string
  action: RetentionAction
  rows: number
}

export interface RetentionBackupFile {
  name: string
  takenAt: string
}

export interface RetentionPlan {
  id: number
  createdAt: string
  cutoffs: RetentionCutoffs
  children: number
  families: number
  auditEntries: number
  healthTraces: number
  backups: RetentionBackupFile[]
  tables: RetentionTableCount[]
  /** SHA-256 of what the plan covers: applying is refused when the data no longer gives it. */
  fingerprint: string
  appliedAt: string | null
  /** The copy taken just before the plan was applied (in the backups folder). */
  backupName: string | null
}

export interface RetentionOverview {
  settings: RetentionSettings
  /** The newest plan, applied or not. */
  latest: RetentionPlan | null
}

export interface RetentionApplied {
  plan: RetentionPlan
  /** The copy taken just before, in the backups folder; null on a server (its copies are pg_dump's). */
  backupName: string | null
  /** False when another connection kept the write-ahead log busy: the file is cleaned at its next checkpoint. */
  fileCleaned: boolean
}

const limited = (key: keyof typeof RETENTION_LIMITS, label: string) =>
  z.number().int().min(RETENTION_LIMITS[key].min).max(RETENTION_LIMITS[key].max).describe(label).optional()

export const retentionChannels = {
  'retention/overview': channel(z.object({}).strict(), {
    access: 'administrateur',
  }).returns<RetentionOverview>(),
  /** Computes and records a plan: what would be anonymised or deleted today. Writes nothing else. */
  'retention/plan': channel(z.object({}).strict(), { access: 'administrateur' }).returns<RetentionPlan>(),
  /** Applies a plan in one transaction after a backup; refused when the data changed since the plan. */
  'retention/apply': channel(
    z.object({ planId: z.number().int().positive().describe('Plan de conservation') }).strict(),
    { access: 'administrateur' },
  ).returns<RetentionApplied>(),
  /** The same in a worker thread, for the window: follow it with jobs/status (its result is a RetentionApplied). */
  'retention/startApply': channel(
    z.object({ planId: z.number().int().positive().describe('Plan de conservation') }).strict(),
    { access: 'administrateur' },
  ).returns<{ jobId: string }>(),
  'retention/updateSettings': channel(
    z
      .object({
        years: limited('years', 'Durée de conservation après le départ (années)'),
        auditYears: limited('auditYears', 'Durée de conservation du journal d’audit (années)'),
        healthAccessYears: limited(
          'healthAccessYears',
          'Durée de conservation des traces de consultation des données de santé (années)',
        ),
        backupDays: limited('backupDays', 'Durée de conservation des sauvegardes (jours)'),
      })
      .strict(),
    { access: 'administrateur' },
  ).returns<RetentionSettings>(),
}
