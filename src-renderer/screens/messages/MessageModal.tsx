import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core'
import type { MessageRow } from '@shared/contract/messages'
import { formatInstant } from '@shared/format/date'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { PdfButton } from '../billing/PdfButton'
import { channelLabel, STATE_COLOR, stateLabel } from './labels'

/** One message; a draft can be changed, sent or deleted. */
export function MessageModal({ message, onClose }: { message: MessageRow | null; onClose: () => void }) {
  const client = useQueryClient()
  const [subject, setSubject] = useState('')
  const [body, setBody] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  useEffect(() => {
    setSubject(message?.subject ?? '')
    setBody(message?.body ?? '')
    setError(null)
  }, [message])
  if (!message) return null
  const draft = message.state === 'brouillon'
  const act = async (what: string, work: () => Promise<unknown>) => {
    setBusy(what)
    setError(null)
    try {
      await work()
      void client.invalidateQueries({ queryKey: ['messages', 'list'] })
      onClose()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }
  return (
    <Modal opened onClose={onClose} title={`Message à la famille n° ${message.familyNumber}`} size="lg">
      <Stack>
        <Group gap="xs">
          <Badge variant="light" color={STATE_COLOR[message.state]}>
            {stateLabel(message.state)}
          </Badge>
          <Text size="sm">{channelLabel(message.channel)}</Text>
          <Text size="sm" c="dimmed">
            {formatInstant(message.createdAt)}
            {message.createdBy ? ` · ${message.createdBy}` : ''}
            {message.requestRef ? ` · réponse à la demande ${message.requestRef}` : ''}
          </Text>
        </Group>
        {message.exportedAt && (
          <Text size="xs">Transmis au portail le {formatInstant(message.exportedAt)}</Text>
        )}
        {message.printedAt && <Text size="xs">Imprimé le {formatInstant(message.printedAt)}</Text>}
        {message.body === null ? (
          <Alert color="gray">
            Ce message porte sur des données de santé : votre rôle ne permet pas de le lire.
          </Alert>
        ) : draft ? (
          <>
            <TextInput label="Objet" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
            <Textarea
              label="Texte"
              autosize
              minRows={6}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
          </>
        ) : (
          <>
            <Text fw={600}>{message.subject}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {message.body}
            </Text>
          </>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          {draft && (
            <>
              <Button
                color="red"
                variant="light"
                loading={busy === 'delete'}
                onClick={() =>
                  act('delete', () => api.messages.deleteDraft({ id: message.id, version: message.version }))
                }
              >
                Supprimer le brouillon
              </Button>
              <Button
                variant="default"
                loading={busy === 'save'}
                onClick={() =>
                  act('save', () =>
                    api.messages.updateDraft({ id: message.id, version: message.version, subject, body }),
                  )
                }
              >
                Enregistrer
              </Button>
              <Button
                loading={busy === 'send'}
                onClick={() => act('send', () => api.messages.sendDrafts({ ids: [message.id] }))}
              >
                Envoyer
              </Button>
            </>
          )}
          {!draft && message.body !== null && (
            <PdfButton
              label="Imprimer le courrier"
              fetchFile={async () => {
                const file = await api.messages.letters({ ids: [message.id] })
                void client.invalidateQueries({ queryKey: ['messages', 'list'] })
                return file
              }}
            />
          )}
        </Group>
      </Stack>
    </Modal>
  )
}
