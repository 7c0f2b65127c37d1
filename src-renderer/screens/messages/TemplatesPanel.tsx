import { Alert, Button, Checkbox, Group, Modal, Stack, Table, Text, Textarea, TextInput } from '@mantine/core'
import type { MessageTemplate } from '@shared/contract/messages'
import { IconPlus } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'

type Draft = Pick<MessageTemplate, 'title' | 'subject' | 'body' | 'healthData'> & {
  id?: number
  version?: number
}

/** « Modèles »: the templates staff start from; changed by responsables and administrateurs. */
export function TemplatesPanel() {
  const client = useQueryClient()
  const templates = useQuery({
    queryKey: ['messages', 'templates'],
    queryFn: () => api.messages.templates({}),
  })
  const [editing, setEditing] = useState<Draft | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async () => {
    if (!editing) return
    setBusy(true)
    setError(null)
    try {
      const { id, version, title, subject, body, healthData } = editing
      await api.messages.saveTemplate({ ...(id ? { id, version } : {}), title, subject, body, healthData })
      void client.invalidateQueries({ queryKey: ['messages', 'templates'] })
      setEditing(null)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack maw={980}>
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={16} />}
          onClick={() => setEditing({ title: '', subject: '', body: '', healthData: false })}
        >
          Nouveau modèle
        </Button>
      </Group>
      <Table striped highlightOnHover withTableBorder aria-label="Modèles de message">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Modèle</Table.Th>
            <Table.Th>Objet</Table.Th>
            <Table.Th>Données de santé</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(templates.data ?? []).map((t) => (
            <Table.Tr key={t.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(t)}>
              <Table.Td>{t.title}</Table.Td>
              <Table.Td>{t.subject}</Table.Td>
              <Table.Td>{t.healthData ? 'Oui' : 'Non'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.id ? 'Modifier le modèle' : 'Nouveau modèle'}
        size="lg"
      >
        {editing && (
          <Stack>
            <TextInput
              label="Nom du modèle"
              value={editing.title}
              onChange={(e) => setEditing({ ...editing, title: e.currentTarget.value })}
              data-autofocus
            />
            <TextInput
              label="Objet"
              value={editing.subject}
              onChange={(e) => setEditing({ ...editing, subject: e.currentTarget.value })}
            />
            <Textarea
              label="Texte"
              autosize
              minRows={8}
              value={editing.body}
              onChange={(e) => setEditing({ ...editing, body: e.currentTarget.value })}
            />
            <Checkbox
              label="Parle de la santé d’un enfant (PAI…) : lu seulement par les rôles autorisés"
              checked={editing.healthData}
              onChange={(e) => setEditing({ ...editing, healthData: e.currentTarget.checked })}
            />
            <Text size="xs" c="dimmed">
              Les champs possibles sont listés sous le texte, dans l’onglet Écrire.
            </Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>
                Annuler
              </Button>
              <Button loading={busy} onClick={save}>
                Enregistrer
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  )
}
