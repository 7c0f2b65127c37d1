import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { RetentionPlan } from '@shared/contract/retention'
import { formatDay, formatInstant } from '@shared/format/date'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { useJob } from '../../api/useJob'
import { ConfirmModal } from '../../components/ConfirmModal'
import { JobProgress } from '../../components/JobProgress'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'
import { RETENTION_KEY } from './keys'

const ACTION_LABELS = { anonymiser: 'Anonymiser', supprimer: 'Supprimer' } as const

function Summary({ plan }: { plan: RetentionPlan }) {
  const { cutoffs } = plan
  const [anonymise, remove] = plan.appliedAt ? ['anonymisés', 'supprimés'] : ['à anonymiser', 'à supprimer']
  const lines = [
    [`Enfants partis le ${formatDay(cutoffs.leftOnOrBefore)} ou avant`, plan.children, anonymise],
    ['Familles dont aucun enfant ne reste', plan.families, anonymise],
    [`Entrées du journal d’audit d’avant le ${formatDay(cutoffs.auditBefore)}`, plan.auditEntries, remove],
    [
      `Traces de consultation des données de santé d’avant le ${formatDay(cutoffs.healthAccessBefore)}`,
      plan.healthTraces,
      remove,
    ],
    [`Sauvegardes d’avant le ${formatDay(cutoffs.backupsBefore)}`, plan.backups.length, remove],
  ] as const
  return (
    <Table withTableBorder aria-label="Résumé du plan">
      <Table.Tbody>
        {lines.map(([label, count, what]) => (
          <Table.Tr key={label}>
            <Table.Td>{label}</Table.Td>
            <Table.Td ta="right" fw={600}>
              {count}
            </Table.Td>
            <Table.Td>{what}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function Tables({ plan }: { plan: RetentionPlan }) {
  return (
    <Table striped withTableBorder aria-label="Par table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Données</Table.Th>
          <Table.Th>Table</Table.Th>
          <Table.Th>Action</Table.Th>
          <Table.Th ta="right">Lignes</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {plan.tables.map((t) => (
          <Table.Tr key={`${t.table}-${t.label}`} c={t.rows === 0 ? 'dimmed' : undefined}>
            <Table.Td>{t.label}</Table.Td>
            <Table.Td>
              <Text size="xs" ff="monospace">
                {t.table}
              </Text>
            </Table.Td>
            <Table.Td>{ACTION_LABELS[t.action]}</Table.Td>
            <Table.Td ta="right">{t.rows}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

export function PlanPanel({ latest }: { latest: RetentionPlan | null }) {
  const client = useQueryClient()
  const prepare = useAction()
  const [confirming, setConfirming] = useState(false)
  const [jobId, setJobId] = useState<string | null>(null)
  const job = useJob(jobId)
  const running = jobId !== null && (!job || job.state === 'running')
  const refresh = () => client.invalidateQueries({ queryKey: RETENTION_KEY })
  const finished = job?.state === 'done'
  useEffect(() => {
    if (!finished) return
    notifications.show({ color: 'teal', message: 'Plan appliqué.' })
    void client.invalidateQueries({ queryKey: RETENTION_KEY })
  }, [finished, client])
  const plan = latest
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Plan de conservation</Title>
        <Button
          loading={prepare.busy}
          onClick={() =>
            void prepare.run(async () => {
              await api.retention.plan({})
              await refresh()
            }, 'Plan préparé.')
          }
        >
          Préparer un plan
        </Button>
      </Group>
      {prepare.failure !== null && <SaveFailure error={prepare.failure} />}
      {!plan ? (
        <Text c="dimmed">Aucun plan n’a encore été préparé.</Text>
      ) : (
        <>
          <Group gap="sm">
            <Text fw={600}>
              Plan n° {plan.id} du {formatInstant(plan.createdAt)}
            </Text>
            {plan.appliedAt ? (
              <Badge color="teal">Appliqué le {formatInstant(plan.appliedAt)}</Badge>
            ) : (
              <Badge color="orange">À appliquer</Badge>
            )}
          </Group>
          {plan.backupName && <Text size="sm">Sauvegarde prise avant l’application : {plan.backupName}</Text>}
          <Summary plan={plan} />
          <Tables plan={plan} />
          {job && running && <JobProgress job={{ ...job, id: null }} label="Application du plan" />}
          {job && (job.state === 'failed' || job.state === 'cancelled') && (
            <Alert color="red">{job.error?.message}</Alert>
          )}
          {!plan.appliedAt && !running && (
            <Group>
              <Button color="red" onClick={() => setConfirming(true)}>
                Appliquer le plan n° {plan.id}
              </Button>
            </Group>
          )}
          {!plan.appliedAt && (
            <Alert color="gray">
              Le plan est refusé si les données ont changé depuis sa préparation : préparez-en alors un
              nouveau.
            </Alert>
          )}
        </>
      )}
      {confirming && plan && (
        <ConfirmModal
          title={`Appliquer le plan n° ${plan.id}`}
          confirmLabel="Anonymiser et supprimer"
          successMessage={`Application du plan n° ${plan.id} commencée.`}
          onConfirm={async () => setJobId((await api.retention.startApply({ planId: plan.id })).jobId)}
          onClose={() => setConfirming(false)}
          onReload={() => void refresh()}
        >
          {`${plan.children} enfant(s) et ${plan.families} famille(s) seront anonymisés, ${plan.auditEntries + plan.healthTraces} entrée(s) du journal et ${plan.backups.length} sauvegarde(s) supprimées. Une sauvegarde est prise juste avant. Cette opération ne peut pas être annulée dans Marelle.`}
        </ConfirmModal>
      )}
    </Stack>
  )
}
