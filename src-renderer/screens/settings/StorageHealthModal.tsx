import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core'
import { formatInstant } from '@shared/format/date'
import { hasRole } from '@shared/roles'
import { IconAlertTriangle, IconDatabaseImport } from '@tabler/icons-react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { useSession } from '../../auth/session-context'

/**
 * Shown over every screen when the start-up check found the database
 * damaged: the administrator is offered the latest good backup, with its
 * date; the other roles are told to call them. Nothing else can be trusted
 * until then, so the window cannot be dismissed by an agent.
 */
export function StorageHealthModal() {
  const { staff } = useSession()
  const admin = hasRole(staff.role, 'administrateur')
  const queryClient = useQueryClient()
  const health = useQuery({
    queryKey: ['system', 'storageHealth'],
    queryFn: () => api.system.storageHealth({}),
  })
  const [done, setDone] = useState<string | null>(null)
  const restore = useMutation({
    mutationFn: (name: string) => api.system.restoreBackup({ name }),
    onSuccess: (result) => {
      setDone(result.keptDamaged)
      void queryClient.invalidateQueries()
    },
  })
  if (done)
    return (
      <Modal opened onClose={() => setDone(null)} title="Base restaurée" centered>
        <Stack>
          <Text size="sm">
            La sauvegarde a été remise en place et vérifiée. La base endommagée est gardée dans :
          </Text>
          <Text size="sm" ff="monospace">
            {done}
          </Text>
          <Text size="sm">Ce qui avait été saisi depuis cette sauvegarde est à ressaisir.</Text>
          <Group justify="flex-end">
            <Button onClick={() => setDone(null)}>Fermer</Button>
          </Group>
        </Stack>
      </Modal>
    )
  if (!health.data || health.data.ok) return null
  const backup = health.data.latestGoodBackup
  return (
    <Modal
      opened
      onClose={() => {}}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      centered
      size="lg"
      title={
        <Group gap="xs">
          <IconAlertTriangle size={20} color="var(--mantine-color-red-7)" />
          <Text fw={600}>La base de données est endommagée</Text>
        </Group>
      }
    >
      <Stack>
        <Text size="sm">
          La vérification du {formatInstant(health.data.checkedAt)} a trouvé des pages illisibles : des
          dossiers peuvent être incomplets et les enregistrements peuvent échouer. La sauvegarde automatique
          n’écrase pas les copies saines tant que la base est dans cet état.
        </Text>
        <List size="xs" c="dimmed">
          {health.data.problems.slice(0, 5).map((p) => (
            <List.Item key={p}>{p}</List.Item>
          ))}
        </List>
        {!admin && (
          <Alert color="orange">
            Prévenez l’administrateur de Marelle : lui seul peut restaurer une sauvegarde.
          </Alert>
        )}
        {admin && !backup && (
          <Alert color="red">
            Aucune sauvegarde saine n’a été trouvée dans le dossier des sauvegardes. Contactez votre service
            informatique avant toute saisie.
          </Alert>
        )}
        {admin && backup && (
          <>
            <Text size="sm">
              Dernière sauvegarde saine : <b>{formatInstant(backup.takenAt)}</b> ({backup.name}). La restaurer
              remplace la base par cette copie ; la base endommagée est gardée à côté des sauvegardes.
            </Text>
            {restore.isError && <Alert color="red">{restore.error.message}</Alert>}
            <Group justify="flex-end">
              <Button
                color="red"
                leftSection={<IconDatabaseImport size={16} />}
                loading={restore.isPending}
                onClick={() => restore.mutate(backup.name)}
              >
                Restaurer la sauvegarde du {formatInstant(backup.takenAt)}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  )
}
