import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { parseDay } from '@shared/format/date'
import { IconFileDownload } from '@tabler/icons-react'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { DayInput } from './DayInput'

/** Hands a text file to the browser's download (web mode; the desktop app shows its save dialog). */
function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

// The day on this computer's clock (en-CA writes yyyy-mm-dd).
const today = () => new Date().toLocaleDateString('en-CA')

/** The decisions file for the portal (docs/demandes-portail.md): one JSON line per decision since a day. */
export function ExportDecisionsButton() {
  const [opened, { open, close }] = useDisclosure(false)
  const [since, setSince] = useState(today())
  const exporter = useMutation({
    mutationFn: (day: string) => api.requests.exportDecisions({ since: day }),
    onSuccess: (file) => {
      if (file.count > 0) download(file.fileName, file.text)
    },
  })
  return (
    <>
      <Button size="xs" variant="light" leftSection={<IconFileDownload size={16} />} onClick={open}>
        Exporter les décisions
      </Button>
      <Modal opened={opened} onClose={close} title="Exporter les décisions pour le portail">
        <Stack>
          <Text size="sm">
            Le fichier contient, pour chaque demande décidée depuis la date choisie : sa référence, son état
            (validée, refusée, partiellement validée), la date de la décision, la réponse à la famille et,
            pour une décision partielle, les champs ou les dates acceptés.
          </Text>
          <DayInput label="Décisions prises depuis le" value={since} onChange={setSince} data-autofocus />
          {exporter.isError && <Alert color="red">{exporter.error.message}</Alert>}
          {exporter.data && (
            <Alert color={exporter.data.count > 0 ? 'teal' : 'gray'} role="status">
              {exporter.data.count > 0
                ? `${exporter.data.count} décision(s) exportée(s) dans ${exporter.data.fileName}.`
                : 'Aucune décision depuis cette date : aucun fichier n’a été créé.'}
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
