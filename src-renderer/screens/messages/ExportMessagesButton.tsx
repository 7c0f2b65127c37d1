import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { parseDay } from '@shared/format/date'
import { IconFileDownload } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { download } from '../lists/files'
import { DayInput } from '../requests/DayInput'
import { today } from './labels'

/** The text's UTF-8 bytes as base64, for the download helper of the lists. */
function base64Of(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** The portal's inbox file (docs/demandes-portail.md): one JSON line per message since a day. */
export function ExportMessagesButton() {
  const client = useQueryClient()
  const [opened, { open, close }] = useDisclosure(false)
  const [since, setSince] = useState(today())
  const exporter = useMutation({
    mutationFn: (day: string) => api.messages.export({ since: day }),
    onSuccess: (file) => {
      if (file.count > 0) download(file.fileName, base64Of(file.text), 'application/x-ndjson;charset=utf-8')
      void client.invalidateQueries({ queryKey: ['messages', 'list'] })
    },
  })
  return (
    <>
      <Button size="xs" variant="light" leftSection={<IconFileDownload size={16} />} onClick={open}>
        Exporter pour le portail
      </Button>
      <Modal opened={opened} onClose={close} title="Exporter les messages pour le portail">
        <Stack>
          <Text size="sm">
            Le fichier contient chaque message pour le portail écrit depuis la date choisie, réponses aux
            demandes comprises. Un message déjà exporté garde le même identifiant : le portail ne le montre
            pas deux fois. Les messages exportés passent à « transmis au portail ».
          </Text>
          <DayInput label="Messages écrits depuis le" value={since} onChange={setSince} data-autofocus />
          {exporter.isError && <Alert color="red">{exporter.error.message}</Alert>}
          {exporter.data && (
            <Alert color={exporter.data.count > 0 ? 'teal' : 'gray'} role="status">
              {exporter.data.count > 0
                ? `${exporter.data.count} message(s) exporté(s) dans ${exporter.data.fileName}.`
                : 'Aucun message pour le portail depuis cette date : aucun fichier n’a été créé.'}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Fermer
            </Button>
            <Button
              disabled={parseDay(since) === null}
              loading={exporter.isPending}
              onClick={() => parseDay(since) && exporter.mutate(since)}
            >
              Exporter
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
