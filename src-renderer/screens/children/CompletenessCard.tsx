import { Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { IconChecklist } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { api } from '../../api/client'

function Count({ value, label, onOpen }: { value: number; label: string; onOpen(): void }) {
  return (
    <Button variant="light" color={value > 0 ? 'orange' : 'teal'} h="auto" py="xs" onClick={onOpen}>
      <Stack gap={0} align="flex-start">
        <Text fw={700} size="xl">
          {value.toLocaleString('fr-FR')}
        </Text>
        <Text size="sm">{label}</Text>
      </Stack>
    </Button>
  )
}

/** The dashboard's count of children's files still incomplete or waiting for validation, each opening its list. */
export function CompletenessCard() {
  const navigate = useNavigate()
  const counts = useQuery({
    queryKey: ['completeness', 'counts'],
    queryFn: () => api.completeness.counts({}),
  })
  return (
    <Card withBorder padding="md" aria-label="Dossiers d’enfants">
      <Group gap="xs" mb="sm">
        <IconChecklist size={20} />
        <Title order={4}>Dossiers d’enfants</Title>
      </Group>
      {counts.isPending ? (
        <Loader size="sm" />
      ) : counts.isError ? (
        <Text c="red">{counts.error.message}</Text>
      ) : (
        <Group>
          <Count
            value={counts.data.incomplete}
            label={counts.data.incomplete > 1 ? 'dossiers incomplets' : 'dossier incomplet'}
            onOpen={() => navigate('/enfants/dossiers?etat=incomplete')}
          />
          <Count
            value={counts.data.toValidate}
            label={counts.data.toValidate > 1 ? 'dossiers complets à valider' : 'dossier complet à valider'}
            onOpen={() => navigate('/enfants/dossiers?etat=to_validate')}
          />
          {counts.data.lapsed > 0 && (
            <Text size="sm" c="orange.8" fw={600}>
              dont {counts.data.lapsed} dossier
              {counts.data.lapsed > 1 ? 's validés qui ne sont' : ' validé qui n’est'} plus complet
              {counts.data.lapsed > 1 ? 's' : ''}
            </Text>
          )}
        </Group>
      )}
    </Card>
  )
}
