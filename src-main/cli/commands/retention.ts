import type { RetentionPlan } from '@shared/contract/retention'
import { formatDay, formatInstant } from '@shared/format/date'
import { backupBefore } from '../../backend/retention/apply'
import { type Command, EXIT_OK, UsageError } from '../command'
import { callChannel } from '../dispatch'

// `retention plan` and `retention apply` (docs/conservation.md): through the
// same channels as the « Conservation des données » screen, so that only an
// administrator may run them. Nothing printed names anyone.

function planJson(plan: RetentionPlan) {
  return {
    id: plan.id,
    created_at: plan.createdAt,
    cutoffs: {
      left_on_or_before: plan.cutoffs.leftOnOrBefore,
      audit_before: plan.cutoffs.auditBefore,
      health_access_before: plan.cutoffs.healthAccessBefore,
      backups_before: plan.cutoffs.backupsBefore,
    },
    children: plan.children,
    families: plan.families,
    audit_entries: plan.auditEntries,
    health_traces: plan.healthTraces,
    backups: plan.backups.map((b) => ({ name: b.name, taken_at: b.takenAt })),
    tables: plan.tables.map((t) => ({ table: t.table, label: t.label, action: t.action, rows: t.rows })),
    fingerprint: plan.fingerprint,
    applied_at: plan.appliedAt,
    backup: plan.backupName,
  }
}

function planText(plan: RetentionPlan): string[] {
  return [
    `Plan de conservation n° ${plan.id} du ${formatInstant(plan.createdAt)}`,
    `Enfants partis le ${formatDay(plan.cutoffs.leftOnOrBefore)} ou avant : ${plan.children} à anonymiser`,
    `Familles dont aucun enfant ne reste : ${plan.families} à anonymiser`,
    `Entrées du journal d’audit d’avant le ${formatDay(plan.cutoffs.auditBefore)} : ${plan.auditEntries} à supprimer`,
    `Traces de consultation des données de santé d’avant le ${formatDay(plan.cutoffs.healthAccessBefore)} : ${plan.healthTraces} à supprimer`,
    `Sauvegardes d’avant le ${formatDay(plan.cutoffs.backupsBefore)} : ${plan.backups.length} à supprimer`,
    '',
    'Par table :',
    ...plan.tables.map((t) => `  ${t.table}\t${t.action}\t${t.rows}\t${t.label}`),
  ]
}

export const retentionPlanCommand: Command = {
  name: 'retention plan',
  summary:
    'Prépare un plan de conservation : enfants partis depuis plus que la durée de conservation, familles sans enfant restant, entrées anciennes du journal, sauvegardes anciennes, comptés par table, sans aucun nom (--json : le plan en JSON).',
  usage: 'retention plan [--json]',
  options: { json: { type: 'boolean' } },
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError('retention plan ne prend pas d’argument.')
    const plan = await callChannel(ctx, 'retention/plan', {})
    if (values.json) io.out(JSON.stringify(planJson(plan), null, 2))
    else {
      for (const line of planText(plan)) io.out(line)
      io.out('')
      io.out(`Pour l’appliquer : marelle --db … retention apply --plan-id ${plan.id}`)
    }
    return EXIT_OK
  },
}

export const retentionApplyCommand: Command = {
  name: 'retention apply',
  summary:
    'Applique un plan de conservation en une transaction, après une sauvegarde ; refusé si les données ont changé depuis le plan. Inscrit une seule entrée, sans nom, au journal d’audit.',
  usage: 'retention apply --plan-id ID',
  options: { 'plan-id': { type: 'string' } },
  requiredOptions: ['plan-id'],
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError('retention apply ne prend pas d’argument.')
    const text = String(values['plan-id'])
    if (!/^[1-9][0-9]{0,9}$/.test(text))
      throw new UsageError(`--plan-id attend le numéro du plan : « ${text} ».`)
    const applied = await callChannel(ctx, 'retention/apply', { planId: Number(text) })
    const { plan } = applied
    io.out(
      `Plan n° ${plan.id} appliqué : ${plan.children} enfant(s) et ${plan.families} famille(s) anonymisés, ${plan.auditEntries} entrée(s) du journal et ${plan.healthTraces} trace(s) de consultation supprimées, ${plan.backups.length} sauvegarde(s) supprimée(s).`,
    )
    io.out(`Sauvegarde préalable : ${backupBefore(applied.backupName)}`)
    if (!applied.fileCleaned)
      io.out(
        'Une autre connexion lisait la base : le journal d’écriture sera vidé au prochain point de contrôle.',
      )
    return EXIT_OK
  },
}
