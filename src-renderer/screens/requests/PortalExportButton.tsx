import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { parseDay } from '@shared/format/date'
import { IconFileDownload } from '@tabler/icons-react'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { DayInput } from './DayInput'

/** Hands a text file to the browser's download (web mode; the desktop app shows its save dialog). */
function downloadText(fileName: string, text: string) {
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

export interface PortalExportFile {
  fileName: string
  text: string
  count: number
}

/**
 * A JSON Lines file for the portal since a day (docs/demandes-portail.md):
 * the decisions of the queue, the messages to families. A button, then a
 * dialog asking the day, saying what was written or that nothing was.
 */
export function PortalExportButton(props: {
  label: string
  title: string
  description: string
  dayLabel: string
  exportSince(day: string): Promise<PortalExportFile>
  written(count: number, fileName: string): string
  nothing: string
  onExported?(): void
}) {
  const [opened, { open, close }] = useDisclosure(false)
  const [since, setSince] = useState(today())
  const exporter = useMutation({
    mutationFn: (day: string) => props.exportSince(day),
    onSuccess: (file) => {
      if (file.count > 0) downloadText(file.fileName, file.text)
      props.onExported?.()
    },
  })
  return (
    <>
      <Button size="xs" variant="light" leftSection={<IconFileDownload size={16} />} onClick={open}>
        {props.label}
      </Button>
      <Modal opened={opened} onClose={close} title={props.title}>
        <Stack>
          <Text size="sm">{props.description}</Text>
          <DayInput label={props.dayLabel} value={since} onChange={setSince} data-autofocus />
          {exporter.isError && <Alert color="red">{exporter.error.message}</Alert>}
          {exporter.data && (
            <Alert color={exporter.data.count > 0 ? 'teal' : 'gray'} role="status">
              {exporter.data.count > 0
                ? props.written(exporter.data.count, exporter.data.fileName)
                : props.nothing}
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
