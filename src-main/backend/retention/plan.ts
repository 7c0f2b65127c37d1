import { createHash } from 'node:crypto'
import type { DB } from '@db/schema'
import type {
  RetentionBackupFile,
  RetentionCutoffs,
  RetentionPlan,
  RetentionTableCount,
} from '@shared/contract/retention'
import type { Kysely } from 'kysely'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { oldBackups } from './backups'
import { findScope, type RetentionScope } from './scope'
import { cutoffsOf, readRetentionSettings } from './settings'
import { AUDIT_OLD_STEP, HEALTH_OLD_STEP, STEPS, type Step } from './steps'

// A retention plan (docs/conservation.md): what would be anonymised or
// deleted with given cut-off dates, counted per table, and a fingerprint of
// the exact rows, so that applying it later is refused if the data no longer
// gives the same plan. Nothing in a plan names anyone.

export interface ComputedPlan {
  scope: RetentionScope
  keys: Map<Step, number[]>
  backups: RetentionBackupFile[]
  tables: RetentionTableCount[]
  fingerprint: string
}

interface StoredSummary {
  children: number
  families: number
  auditEntries: number
  healthTraces: number
  backups: RetentionBackupFile[]
  tables: RetentionTableCount[]
}

/** Reads what the cut-offs cover; `db` may be a transaction. */
export async function computePlan(
  db: Kysely<DB>,
  backupsDir: string,
  cutoffs: RetentionCutoffs,
): Promise<ComputedPlan> {
  const scope = await findScope(db, cutoffs)
  const hash = createHash('sha256').update(JSON.stringify(cutoffs))
  hash.update(JSON.stringify(scope.children)).update(JSON.stringify(scope.families))
  const keys = new Map<Step, number[]>()
  const tables: RetentionTableCount[] = []
  for (const step of STEPS) {
    const selected = await step.select(db, scope)
    keys.set(step, selected)
    hash.update(`${step.table}:${step.label}:${selected.join(',')};`)
    tables.push({ table: step.table, label: step.label, action: step.action, rows: selected.length })
  }
  tables.push({
    table: 'family_search, child_search',
    label: 'Index de recherche des familles et des enfants',
    action: 'supprimer',
    rows: scope.childIds.length + scope.familyIds.length,
  })
  const backups = oldBackups(backupsDir, cutoffs.backupsBefore)
  tables.push({
    table: 'sauvegardes',
    label: 'Copies du dossier des sauvegardes',
    action: 'supprimer',
    rows: backups.length,
  })
  hash.update(JSON.stringify(backups))
  return { scope, keys, backups, tables, fingerprint: hash.digest('hex') }
}

function summaryOf(computed: ComputedPlan): StoredSummary {
  return {
    children: computed.scope.childIds.length,
    families: computed.scope.familyIds.length,
    auditEntries: computed.keys.get(AUDIT_OLD_STEP)?.length ?? 0,
    healthTraces: computed.keys.get(HEALTH_OLD_STEP)?.length ?? 0,
    backups: computed.backups,
    tables: computed.tables,
  }
}

export function planView(row: {
  id: number
  created_at: string
  cutoffs: string
  summary: string
  fingerprint: string
  applied_at: string | null
  backup_name: string | null
}): RetentionPlan {
  const summary = JSON.parse(row.summary) as StoredSummary
  return {
    id: row.id,
    createdAt: row.created_at,
    cutoffs: JSON.parse(row.cutoffs) as RetentionCutoffs,
    ...summary,
    fingerprint: row.fingerprint,
    appliedAt: row.applied_at,
    backupName: row.backup_name,
  }
}

/** Computes today's plan and records it (not audited: it changes nothing). */
export async function createPlan(ctx: StaffContext): Promise<RetentionPlan> {
  const settings = await readRetentionSettings(ctx.db)
  const cutoffs = cutoffsOf(settings, ctx.clock.now())
  const computed = await computePlan(ctx.db, ctx.paths.backupsDir, cutoffs)
  const summary = summaryOf(computed)
  const id = await inTransaction(ctx.db, async (trx) => {
    const row = await trx
      .insertInto('retention_plans')
      .values({
        created_at: ctx.clock.now().toISOString(),
        created_by: ctx.actor.staffId,
        cutoffs: JSON.stringify(cutoffs),
        summary: JSON.stringify(summary),
        fingerprint: computed.fingerprint,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  })
  ctx.log.info(
    `Plan de conservation n° ${id} : ${summary.children} enfant(s) et ${summary.families} famille(s) à anonymiser, ${summary.auditEntries} entrée(s) du journal et ${summary.healthTraces} trace(s) de consultation à supprimer, ${summary.backups.length} sauvegarde(s) à supprimer.`,
  )
  return (await readPlan(ctx.db, id)) as RetentionPlan
}

export async function readPlan(db: Kysely<DB>, id: number): Promise<RetentionPlan | null> {
  const row = await db.selectFrom('retention_plans').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? planView(row) : null
}

export async function latestPlan(db: Kysely<DB>): Promise<RetentionPlan | null> {
  const row = await db
    .selectFrom('retention_plans')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? planView(row) : null
}
