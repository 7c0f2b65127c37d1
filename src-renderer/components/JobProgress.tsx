import { Button, Group, Progress, Stack, Text } from '@mantine/core'
import type { JobView } from '@shared/contract/jobs'
import { IconPlayerStop } from '@tabler/icons-react'
import { useState } from 'react'
import { api } from '../api/client'

const number = new Intl.NumberFormat('fr-FR')
const megabytes = (bytes: number) =>
  `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`

/** "12 000 lignes sur 104 500"; the reading phase counts bytes. */
function counts(progress: JobView['progress']): string {
  const { done, total, phase } = progress
  if (phase.startsWith('Lecture') || phase.startsWith('Envoi'))
    return total ? `${megabytes(done)} sur ${megabytes(total)}` : megabytes(done)
  return total ? `${number.format(done)} sur ${number.format(total)}` : number.format(done)
}

/** A job's phase, a bar with its counts, and a button to cancel it. */
export function JobProgress({
  job,
  label,
}: {
  job: { id: string | null; progress: JobView['progress'] }
  label: string
}) {
  const [cancelling, setCancelling] = useState(false)
  const { done, total, phase } = job.progress
  const value = total ? Math.min(100, (done / total) * 100) : 100
  return (
    <Stack gap={6} aria-live="polite">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label} — {phase || 'Démarrage'}
        </Text>
        <Text size="sm" c="dimmed">
          {counts(job.progress)}
        </Text>
      </Group>
      <Progress
        value={value}
        animated={!total}
        striped={!total}
        size="lg"
        aria-label={`${label} : ${phase}`}
      />
      {job.id && (
        <Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlayerStop size={14} />}
            loading={cancelling}
            onClick={() => {
              setCancelling(true)
              void api.jobs.cancel({ id: job.id! })
            }}
          >
            Annuler
          </Button>
          {cancelling && (
            <Text size="xs" c="dimmed">
              Annulation demandée : rien ne sera enregistré.
            </Text>
          )}
        </Group>
      )}
    </Stack>
  )
}
