import { Alert, Button, FileButton, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { ImportedPeriod, ImportPreview } from '@shared/contract/calendar'
import { formatDay } from '@shared/format/date'
import { IconFileUpload } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { api } from '../../api/client'
import { refreshCalendar } from './keys'

const STATUS: Record<ImportedPeriod['status'], { label: string; color: string }> = {
  nouvelle: { label: 'Nouvelle', color: 'teal' },
  modifiee: { label: 'Modifiée', color: 'orange' },
  identique: { label: 'Déjà connue', color: 'gray' },
}

function PreviewView({ preview }: { preview: ImportPreview }) {
  const { nouvelles, modifiees, identiques } = preview.counts
  return (
    <Stack>
      <Text>
        Fichier <b>{preview.fileName}</b> ({preview.format.toUpperCase()}) : {preview.records}{' '}
        enregistrement(s) lus, {preview.periods.length} période(s) après regroupement des académies :{' '}
        <b>{nouvelles}</b> nouvelle(s), <b>{modifiees}</b> modifiée(s), {identiques} déjà connue(s).
      </Text>
      <ScrollArea.Autosize mah={360}>
        <Table striped aria-label="Aperçu de l’import" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Zone</Table.Th>
              <Table.Th>Année</Table.Th>
              <Table.Th>Période</Table.Th>
              <Table.Th>Début (après la classe)</Table.Th>
              <Table.Th>Reprise (le matin)</Table.Th>
              <Table.Th>État</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.periods.map((p) => (
              <Table.Tr key={`${p.zone}-${p.schoolYear}-${p.name}`}>
                <Table.Td>{p.zone}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.schoolYear}</Table.Td>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{formatDay(p.startsOn)}</Table.Td>
                <Table.Td>{p.resumesOn ? formatDay(p.resumesOn) : 'non publiée'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" fw={600} c={STATUS[p.status].color}>
                    {STATUS[p.status].label}
                  </Text>
                  {p.before && p.status === 'modifiee' && (
                    <Text size="xs" c="dimmed">
                      avant : {formatDay(p.before.startsOn)} →{' '}
                      {p.before.resumesOn ? formatDay(p.before.resumesOn) : 'non publiée'}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {preview.ignored.length > 0 && (
        <Alert color="gray" title={`${preview.ignored.length} enregistrement(s) laissé(s) de côté`}>
          <ScrollArea.Autosize mah={120}>
            {preview.ignored.map((i) => (
              <Text key={`${i.where}-${i.description}`} size="xs">
                {i.where} — {i.description} : {i.reason}
              </Text>
            ))}
          </ScrollArea.Autosize>
        </Alert>
      )}
    </Stack>
  )
}

/**
 * Imports the official school calendar (CSV, JSON or ICS): the file is read
 * in the page, its text previewed by the back-end, and written only when
 * staff confirm what the preview shows.
 */
export function ImportHolidaysButton() {
  const queryClient = useQueryClient()
  const [file, setFile] = useState<{ text: string; fileName: string } | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // Lets staff choose the same file again (the input keeps its last file otherwise).
  const resetRef = useRef<() => void>(null)
  const close = () => {
    setFile(null)
    setPreview(null)
    setFailure(null)
  }
  const choose = async (chosen: File | null) => {
    if (!chosen) return
    setBusy(true)
    setFailure(null)
    try {
      const input = { text: await chosen.text(), fileName: chosen.name }
      setFile(input)
      setPreview(await api.calendar.previewImport(input))
    } catch (error) {
      setFailure((error as Error).message)
    } finally {
      setBusy(false)
      resetRef.current?.()
    }
  }
  const apply = async () => {
    if (!file) return
    setBusy(true)
    try {
      const outcome = await api.calendar.applyImport(file)
      notifications.show({
        color: 'teal',
        message: `${outcome.added} période(s) ajoutée(s), ${outcome.updated} corrigée(s), ${outcome.unchanged} déjà connue(s).`,
      })
      await refreshCalendar(queryClient)
      close()
    } catch (error) {
      setFailure((error as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const toWrite = preview ? preview.counts.nouvelles + preview.counts.modifiees : 0
  return (
    <>
      <FileButton
        onChange={choose}
        resetRef={resetRef}
        accept=".csv,.json,.ics,text/csv,application/json,text/calendar"
      >
        {(props) => (
          <Button
            {...props}
            variant="light"
            leftSection={<IconFileUpload size={16} />}
            loading={busy && !preview}
          >
            Importer le calendrier officiel
          </Button>
        )}
      </FileButton>
      <Modal
        opened={preview !== null || failure !== null}
        onClose={close}
        size="xl"
        title="Import du calendrier scolaire officiel"
      >
        <Stack>
          {failure && (
            <Alert color="red" role="alert" style={{ whiteSpace: 'pre-line' }}>
              {failure}
            </Alert>
          )}
          {preview && <PreviewView preview={preview} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {preview && toWrite > 0 ? 'Annuler' : 'Fermer'}
            </Button>
            {preview && toWrite > 0 && (
              <Button onClick={apply} loading={busy} data-autofocus>
                Importer {toWrite} période(s)
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
