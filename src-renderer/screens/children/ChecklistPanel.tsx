import { Alert, Button, Group, List, Loader, Stack, Text, ThemeIcon } from '@mantine/core'
import type { ChildFile } from '@shared/contract/children'
import { formatInstant } from '@shared/format/date'
import { IconCheck, IconCircleCheck, IconX } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'
import { checklistKey, useChildUpdater } from './child-query'

/** What the file still needs, and "Valider le dossier" once nothing is missing. */
export function ChecklistPanel({ child }: { child: ChildFile }) {
  const client = useQueryClient()
  const { reload } = useChildUpdater(child.id)
  const checklist = useQuery({
    queryKey: checklistKey(child.id),
    queryFn: () => api.completeness.checklist({ childId: child.id }),
    staleTime: 0,
  })
  const action = useAction()
  if (checklist.isPending) return <Loader size="sm" />
  if (checklist.isError) return <Alert color="red">{checklist.error.message}</Alert>
  const list = checklist.data
  const validate = () =>
    action.run(async () => {
      client.setQueryData(
        checklistKey(child.id),
        await api.completeness.validate({ childId: child.id, version: child.version }),
      )
      for (const key of [['audit'], ['completeness'], ['family', child.familyId], ['child', child.id]])
        void client.invalidateQueries({ queryKey: key })
    }, 'Dossier validé.')
  return (
    <Stack maw={760}>
      {action.failure !== null && (
        <SaveFailure error={action.failure} onReload={() => void reload().then(action.clear)} />
      )}
      <List spacing="sm" center aria-label="Pièces du dossier">
        {list.items.map((item) => (
          <List.Item
            key={item.key}
            icon={
              <ThemeIcon color={item.ok ? 'teal' : 'red'} size={22} radius="xl">
                {item.ok ? <IconCheck size={14} /> : <IconX size={14} />}
              </ThemeIcon>
            }
          >
            <Text fw={500}>
              {item.label} : {item.ok ? 'oui' : 'à compléter'}
            </Text>
            {item.detail && (
              <Text size="sm" c="dimmed">
                {item.detail}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
      {list.validatedAt && (
        <Alert color="teal" icon={<IconCircleCheck />}>
          Dossier validé le {formatInstant(list.validatedAt)}
          {list.validatedBy ? ` par ${list.validatedBy}` : ''}.
        </Alert>
      )}
      <Group>
        {/* Validating vouches for the health part too: only a role that sees it may (issue 10 point 20). */}
        {child.canSeeHealth ? (
          <Button onClick={validate} loading={action.busy} disabled={!list.complete}>
            {list.validatedAt ? 'Valider à nouveau' : 'Valider le dossier'}
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            La validation du dossier est faite par un rôle qui voit les données de santé.
          </Text>
        )}
        {child.canSeeHealth && !list.complete && (
          <Text size="sm" c="dimmed">
            Le dossier pourra être validé quand toutes ses pièces seront complètes.
          </Text>
        )}
      </Group>
    </Stack>
  )
}
