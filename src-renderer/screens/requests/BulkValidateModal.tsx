import { Alert, Button, Group, List, Modal, ScrollArea, Stack, Text } from '@mantine/core'
import type { BulkSummary } from '@shared/contract/requests'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { announceChange } from '../../api/changes'
import { api } from '../../api/client'
import { REQUESTS_KEY } from './keys'

function Summary({ summary }: { summary: BulkSummary }) {
  return (
    <Stack gap="xs">
      <Text fw={600}>
        {summary.applied.length} demande(s) validée(s), {summary.skipped.length} laissée(s) de côté.
      </Text>
      {summary.applied.length > 0 && (
        <Text size="sm">Validées : {summary.applied.map((a) => a.ref).join(', ')}</Text>
      )}
      {summary.skipped.length > 0 && (
        <ScrollArea.Autosize mah={300}>
          <List size="sm" spacing={4} aria-label="Demandes laissées de côté">
            {summary.skipped.map((s) => (
              <List.Item key={s.id}>
                <b>{s.ref}</b> : {s.reason}
              </List.Item>
            ))}
          </List>
        </ScrollArea.Autosize>
      )}
    </Stack>
  )
}

/** Validates the selected requests as they are; those that need a person's eye are skipped, with why. */
export function BulkValidateModal({ ids, onClose }: { ids: number[] | null; onClose: () => void }) {
  const queryClient = useQueryClient()
  const bulk = useMutation({
    mutationFn: (selected: number[]) => api.requests.bulkValidate({ ids: selected }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: REQUESTS_KEY }),
        announceChange(queryClient, 'all'),
      ]),
  })
  const close = () => {
    bulk.reset()
    onClose()
  }
  return (
    <Modal opened={ids !== null} onClose={close} title="Validation groupée" size="lg">
      {bulk.data ? (
        <Summary summary={bulk.data} />
      ) : (
        <Stack>
          <Text>
            Valider telles quelles les {ids?.length ?? 0} demande(s) sélectionnée(s), avec la réponse type à
            chaque famille ?
          </Text>
          <Text size="sm" c="dimmed">
            Sont laissées de côté, avec leur motif : les demandes en conflit, celles qui demandent toujours
            une vérification (coordonnées bancaires, personnes autorisées, santé), celles qui ne s’appliquent
            plus, les réservations et absences, et celles déjà traitées.
          </Text>
          {bulk.isError && <Alert color="red">{bulk.error.message}</Alert>}
        </Stack>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={close}>
          Fermer
        </Button>
        {!bulk.data && (
          <Button color="teal" loading={bulk.isPending} onClick={() => ids && bulk.mutate(ids)}>
            Valider la sélection
          </Button>
        )}
      </Group>
    </Modal>
  )
}
