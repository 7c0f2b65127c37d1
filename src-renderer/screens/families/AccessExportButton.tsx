import { Alert, Button, List, Stack, Text } from '@mantine/core'
import type { AccessExportResult } from '@shared/contract/access-export'
import type { FamilyFile } from '@shared/contract/families'
import { IconFileZip } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { api } from '../../api/client'
import { useJob } from '../../api/useJob'
import { JobProgress } from '../../components/JobProgress'
import { downloadExport } from '../import-export/transfer'

const today = () => new Date().toISOString().slice(0, 10)
const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')} Ko`

/**
 * « Exporter toutes les données (RGPD) »: the family's access request as one
 * .zip (docs/droit-d-acces.md). The desktop app asks where to save it; the
 * web mode downloads it. The back-end refuses a role without the health right.
 */
export function AccessExportButton({ family }: { family: FamilyFile }) {
  const info = useQuery({ queryKey: ['system', 'info'], queryFn: () => api.system.info({}) })
  const desktop = info.data?.desktop ?? false
  const [jobId, setJobId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const job = useJob(jobId)
  const downloaded = useRef<string | null>(null)
  const result = job?.state === 'done' ? (job.result as AccessExportResult) : null

  useEffect(() => {
    if (!result?.download || downloaded.current === jobId) return
    downloaded.current = jobId
    downloadExport(result.download).catch((e: Error) => setError(e.message))
  }, [result, jobId])

  async function start() {
    setError(null)
    setJobId(null)
    try {
      if (!desktop) {
        setJobId((await api['access-export'].start({ familyId: family.id })).jobId)
        return
      }
      const { path } = await api.files.chooseSave({
        title: 'Enregistrer toutes les données de la famille (archive .zip)',
        defaultName: `droit-d-acces-${family.number}-${today()}.zip`,
        filters: [{ name: 'Archive zip', extensions: ['zip'] }],
      })
      if (path) setJobId((await api['access-export'].start({ familyId: family.id, path })).jobId)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const running = job?.state === 'running' || (jobId !== null && !job)
  return (
    <Stack gap="xs" maw={460}>
      <Button
        variant="default"
        leftSection={<IconFileZip size={18} />}
        onClick={() => void start()}
        loading={running}
        w="fit-content"
      >
        Exporter toutes les données (RGPD)
      </Button>
      {job && running && <JobProgress job={job} label="Export du droit d’accès" />}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {job && (job.state === 'failed' || job.state === 'cancelled') && (
        <Alert color={job.state === 'cancelled' ? 'gray' : 'red'} role="alert">
          {job.error?.message}
        </Alert>
      )}
      {result && (
        <Alert color="teal" title="Données de la famille exportées">
          <Text size="sm">
            {result.path ? `Enregistré dans ${result.path}` : `Archive téléchargée : ${result.fileName}`}
          </Text>
          <List size="sm" mt={4}>
            {result.files.map((f) => (
              <List.Item key={f.name}>
                {f.name} ({kilobytes(f.bytes)})
              </List.Item>
            ))}
          </List>
          <Text size="sm" mt={4}>
            {result.children} enfant{result.children > 1 ? 's' : ''}, {result.auditEntries} entrée
            {result.auditEntries > 1 ? 's' : ''} du journal. L’export est inscrit au journal d’audit de la
            famille.
          </Text>
          {result.financeOmitted && (
            <Text size="sm" mt={4}>
              Les coordonnées bancaires et les données fiscales n’y figurent pas : votre rôle ne permet pas de
              les voir.
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  )
}
