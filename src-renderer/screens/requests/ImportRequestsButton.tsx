import { Alert, Button, FileButton, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core'
import type { ImportSummary } from '@shared/contract/requests'
import { IconFileUpload } from '@tabler/icons-react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { waitForJob } from '../../api/jobs'
import { REQUESTS_KEY } from './keys'

function ImportResult({ result, fileName }: { result: ImportSummary; fileName: string }) {
  return (
    <Stack>
      <Text>
        Fichier <b>{fileName}</b> : {result.imported} demande(s) importée(s), {result.duplicates} déjà
        connue(s)
        {result.errors.length > 0 ? `, ${result.errors.length} ligne(s) refusée(s).` : '.'}
      </Text>
      {result.errors.length > 0 && (
        <>
          <Alert color="orange">
            Les lignes ci-dessous n’ont pas été importées ; les autres l’ont été. Corrigez-les dans le fichier
            puis importez-le de nouveau : les demandes déjà importées ne seront pas dupliquées.
          </Alert>
          <ScrollArea.Autosize mah={320}>
            <Table striped aria-label="Lignes refusées">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Ligne</Table.Th>
                  <Table.Th>Motif</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.map((e) => (
                  <Table.Tr key={e.line}>
                    <Table.Td>{e.line}</Table.Td>
                    <Table.Td>{e.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </>
      )}
    </Stack>
  )
}

/**
 * Imports a portal export chosen by the staff member. The file is read in
 * the page and its text sent to the back-end, which imports it in a worker
 * thread; the same in the desktop app as in the web mode (no path crosses
 * the bridge, no native dialog needed).
 */
export function ImportRequestsButton() {
  const queryClient = useQueryClient()
  const [shown, setShown] = useState<{ result: ImportSummary; fileName: string } | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [phase, setPhase] = useState('')
  const upload = useMutation({
    mutationFn: async (file: File) => {
      setPhase('Lecture du fichier')
      const { jobId } = await api.requests.import({ text: await file.text(), fileName: file.name })
      const result = await waitForJob<ImportSummary>(jobId, (p) => setPhase(p.phase))
      return { fileName: file.name, result }
    },
    onSuccess: async (done) => {
      setShown(done)
      await queryClient.invalidateQueries({ queryKey: REQUESTS_KEY })
    },
    onError: (error) => setFailure(error.message),
  })
  return (
    <>
      <FileButton
        onChange={(file) => file && upload.mutate(file)}
        accept=".jsonl,.json,.txt,application/x-ndjson"
      >
        {(props) => (
          <Button
            {...props}
            size="xs"
            variant="light"
            leftSection={<IconFileUpload size={16} />}
            disabled={upload.isPending}
          >
            {upload.isPending ? `Import en cours : ${phase.toLowerCase()}…` : 'Importer du portail'}
          </Button>
        )}
      </FileButton>
      <Modal
        opened={shown !== null || failure !== null}
        onClose={() => {
          setShown(null)
          setFailure(null)
        }}
        title="Import des demandes du portail"
        size="lg"
      >
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        {shown && <ImportResult {...shown} />}
        <Group justify="flex-end" mt="md">
          <Button
            onClick={() => {
              setShown(null)
              setFailure(null)
            }}
          >
            Fermer
          </Button>
        </Group>
      </Modal>
    </>
  )
}
