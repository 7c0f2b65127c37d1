import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { type RecipientsPreview, type SendResult, TEMPLATE_FIELDS } from '@shared/contract/messages'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { api } from '../../api/client'
import { PdfButton } from '../billing/PdfButton'
import { RecipientsView } from './RecipientsView'
import { initialTarget, TargetFields, targetOf } from './TargetFields'

/** « Écrire »: recipients, a template or a text, the preview, then the send (or a draft). */
export function ComposePanel({ familyId }: { familyId: number | null }) {
  const client = useQueryClient()
  const templates = useQuery({
    queryKey: ['messages', 'templates'],
    queryFn: () => api.messages.templates({}),
  })
  const [target, setTarget] = useState(() => initialTarget(familyId))
  const [templateId, setTemplateId] = useState<number | null>(null)
  const [subject, setSubject] = useState('')
  const [body, setBody] = useState('')
  const [preview, setPreview] = useState<RecipientsPreview | null>(null)
  const [sent, setSent] = useState<SendResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const chosen = targetOf(target)
  const input = chosen
    ? { target: chosen, templateId, subject, body, includeArchived: target.includeArchived }
    : null

  const run = async (what: 'preview' | 'send' | 'draft') => {
    if (!input) return
    setBusy(what)
    setError(null)
    try {
      if (what === 'preview') setPreview(await api.messages.preview(input))
      else {
        setSent(await api.messages.send({ ...input, draft: what === 'draft' }))
        setPreview(null)
        void client.invalidateQueries({ queryKey: ['messages', 'list'] })
      }
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
      setConfirming(false)
    }
  }
  const chooseTemplate = (id: string | null) => {
    const t = templates.data?.find((x) => String(x.id) === id)
    setTemplateId(t?.id ?? null)
    if (t) {
      setSubject(t.subject)
      setBody(t.body)
    }
    setPreview(null)
  }
  const insertField = (key: string) => {
    const area = bodyRef.current
    const at = area?.selectionStart ?? body.length
    setBody(`${body.slice(0, at)}{{${key}}}${body.slice(at)}`)
    setPreview(null)
  }

  return (
    <Stack maw={980}>
      <TargetFields
        value={target}
        onChange={(t) => {
          setTarget(t)
          setPreview(null)
        }}
      />
      <Select
        label="Modèle"
        placeholder="Sans modèle"
        clearable
        data={(templates.data ?? []).map((t) => ({ value: String(t.id), label: t.title }))}
        value={templateId ? String(templateId) : null}
        onChange={chooseTemplate}
        w={420}
      />
      <TextInput
        label="Objet"
        required
        value={subject}
        onChange={(e) => {
          setSubject(e.currentTarget.value)
          setPreview(null)
        }}
      />
      <Textarea
        ref={bodyRef}
        label="Texte"
        required
        autosize
        minRows={8}
        value={body}
        onChange={(e) => {
          setBody(e.currentTarget.value)
          setPreview(null)
        }}
      />
      <Paper withBorder p="xs">
        <Text size="xs" c="dimmed" mb={4}>
          Champs remplis pour chaque famille (cliquez pour insérer) ; un champ de l’enfant fait un message par
          enfant.
        </Text>
        <Group gap={6}>
          {TEMPLATE_FIELDS.map((f) => (
            <Badge
              key={f.key}
              variant="light"
              style={{ cursor: 'pointer', textTransform: 'none' }}
              title={f.label}
              onClick={() => insertField(f.key)}
            >
              {`{{${f.key}}}`}
            </Badge>
          ))}
        </Group>
      </Paper>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group>
        <Button variant="light" disabled={!input} loading={busy === 'preview'} onClick={() => run('preview')}>
          Aperçu des destinataires
        </Button>
        <Button
          disabled={!preview || preview.count === 0}
          loading={busy === 'send'}
          onClick={() => setConfirming(true)}
        >
          Envoyer
        </Button>
        <Button
          variant="default"
          disabled={!preview || preview.count === 0}
          loading={busy === 'draft'}
          onClick={() => run('draft')}
        >
          Enregistrer en brouillon
        </Button>
      </Group>
      {preview && <RecipientsView preview={preview} />}
      {sent && (
        <Alert color="teal" role="status">
          <Stack gap="xs">
            <Text size="sm">
              {sent.state === 'brouillon'
                ? `${sent.count} brouillon(s) enregistré(s) : envoyez-les depuis l’onglet Messages.`
                : `${sent.count} message(s) à envoyer : ${sent.count - sent.letters} pour le portail (export JSON Lines), ${sent.letters} par courrier.`}
            </Text>
            {sent.state !== 'brouillon' && sent.letters > 0 && (
              <Group>
                <PdfButton
                  label={`Imprimer les ${sent.letters} courrier(s)`}
                  fetchFile={async () => {
                    const file = await api.messages.letters({ batchId: sent.batchId })
                    void client.invalidateQueries({ queryKey: ['messages', 'list'] })
                    return file
                  }}
                />
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Envoyer le message">
        <Stack>
          <Text size="sm">
            {preview
              ? `${preview.count} message(s) seront écrits pour ${preview.families} famille(s), dont ${preview.letters} par courrier.`
              : ''}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Annuler
            </Button>
            <Button loading={busy === 'send'} onClick={() => run('send')} data-autofocus>
              Envoyer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
