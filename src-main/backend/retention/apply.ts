import { join } from 'node:path'
import type { DB } from '@db/schema'
import type { RetentionApplied, RetentionCutoffs, RetentionPlan } from '@shared/contract/retention'
import { formatInstant } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, notFound } from '../errors'
import { chunks } from '../requests/chunks'
import { deleteBackups, retentionBackupName } from './backups'
import { rememberAnonymised } from './identifiers'
import { type ComputedPlan, computePlan, readPlan } from './plan'
import { STEPS } from './steps'

// Applying a plan (docs/conservation.md, « Appliquer un plan »):
// 1. the plan is computed again with its own cut-offs; a different
//    fingerprint means the data changed since: refused, nothing done;
// 2. a copy of the database goes into the backups folder (db/backup.ts); a
//    server's copies are its administrator's pg_dump (README, « Mode serveur »):
//    none is taken from Marelle there;
// 3. one transaction: the digests of the numbers, every step of steps.ts, the
//    search indexes, the plan marked applied, and ONE audit entry with counts
//    only; the fingerprint is checked again inside it;
// 4. after the commit: the old copies are deleted and the file is
//    checkpointed, so that it no longer holds the erased text (the storage
//    layer's erase and search.forget: db/storage/sqlite/erase.ts, search.ts).
// Two applications at once (two desktops, a window and the command line) are
// refused by the storage layer's job lock.

function stale(plan: RetentionPlan): AppError {
  return new AppError(
    'CONFLICT',
    `Les données ont changé depuis le plan n° ${plan.id} du ${formatInstant(plan.createdAt)} : il n’a pas été appliqué et rien n’a été modifié. Préparez un nouveau plan.`,
  )
}

/** What the audit and the command line say of the copy taken before (none on a server). */
export function backupBefore(backupName: string | null): string {
  return backupName ?? 'celle du serveur PostgreSQL (pg_dump, par son administrateur)'
}

function noteOf(plan: RetentionPlan, backupName: string | null): string {
  return [
    `Plan de conservation n° ${plan.id} appliqué`,
    `${plan.children} enfant(s) et ${plan.families} famille(s) anonymisés`,
    `${plan.auditEntries} entrée(s) du journal et ${plan.healthTraces} trace(s) de consultation des données de santé supprimées`,
    `${plan.backups.length} sauvegarde(s) ancienne(s) supprimée(s)`,
    `sauvegarde préalable : ${backupBefore(backupName)}`,
  ].join(' ; ')
}

/** Digests of the numbers and identifiers about to go, read before the steps change them. */
async function rememberIdentities(trx: Kysely<DB>, computed: ComputedPlan, now: string): Promise<void> {
  for (const part of chunks(computed.scope.childIds)) {
    const rows = await trx.selectFrom('children').select('identifier').where('id', 'in', part).execute()
    await rememberAnonymised(
      trx,
      'child',
      rows.map((r) => r.identifier),
      now,
    )
  }
  for (const part of chunks(computed.scope.familyIds)) {
    const rows = await trx.selectFrom('families').select('number').where('id', 'in', part).execute()
    await rememberAnonymised(
      trx,
      'family',
      rows.map((r) => r.number),
      now,
    )
  }
}

/** What the work is doing, in French, for a progress bar (jobs). */
export type ApplyPhase = (phase: string) => void

export function applyPlan(
  ctx: StaffContext,
  planId: number,
  phase: ApplyPhase = () => {},
): Promise<RetentionApplied> {
  return ctx.storage.withJobLock('retention', () => applyLocked(ctx, planId, phase))
}

async function applyLocked(ctx: StaffContext, planId: number, phase: ApplyPhase): Promise<RetentionApplied> {
  const plan = await readPlan(ctx.db, planId)
  if (!plan) throw notFound(`Le plan de conservation n° ${planId}`)
  if (plan.appliedAt)
    throw new AppError(
      'VALIDATION',
      `Le plan n° ${plan.id} a déjà été appliqué le ${formatInstant(plan.appliedAt)} : préparez un nouveau plan.`,
    )
  const cutoffs: RetentionCutoffs = plan.cutoffs
  const { backupsDir } = ctx.paths
  phase('Vérification du plan')
  // Checked before the copy, so that a stale plan costs no backup.
  if ((await computePlan(ctx.db, backupsDir, cutoffs)).fingerprint !== plan.fingerprint) throw stale(plan)

  phase('Sauvegarde de la base')
  const file = ctx.storage.file
  const backupName = file ? retentionBackupName(ctx.clock.now()) : null
  if (file && backupName) await file.copyTo(join(backupsDir, backupName))

  phase('Anonymisation')
  const now = ctx.clock.now().toISOString()
  await ctx.storage.erase.securely(() =>
    inTransaction(ctx.db, async (trx) => {
      const computed = await computePlan(trx, backupsDir, cutoffs)
      if (computed.fingerprint !== plan.fingerprint) throw stale(plan)
      await rememberIdentities(trx, computed, now)
      for (const step of STEPS) await step.run(trx, computed.keys.get(step) ?? [], now)
      await ctx.storage.search.forget(trx, computed.scope.childIds, computed.scope.familyIds)
      await trx
        .updateTable('retention_plans')
        .set({ applied_at: now, applied_by: ctx.actor.staffId, backup_name: backupName })
        .where('id', '=', plan.id)
        .execute()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'retention.apply',
        entityType: 'retention_plan',
        entityId: plan.id,
        note: noteOf(plan, backupName),
      })
    }),
  )
  phase('Réécriture du fichier')
  deleteBackups(backupsDir, plan.backups, cutoffs.backupsBefore)
  const fileCleaned = await ctx.storage.erase.compact()
  ctx.log.info(noteOf(plan, backupName))
  return { plan: (await readPlan(ctx.db, plan.id)) as RetentionPlan, backupName, fileCleaned }
}
