import { Alert, Button, Group, List, Radio, SegmentedControl, Stack, Text } from '@mantine/core'
import type { ExportResult, ExportScope } from '@shared/contract/csv'
import { IconFileExport } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { api } from '../../api/client'
import { useJob } from '../../api/useJob'
import { JobProgress } from '../../components/JobProgress'
import { downloadExport } from './transfer'

const today = () => new Date().toISOString().slice(0, 10)

/** Exports all families, or those of the list staff came from, to a .zip or a folder. */
export function ExportPanel({
  desktop,
  list,
}: {
  desktop: boolean
  list: { scope: ExportScope; label: string } | null
}) {
  const [which, setWhich] = useState<'all' | 'list'>(list ? 'list' : 'all')
  const [form, setForm] = useState<'zip' | 'folder'>('zip')
  const [jobId, setJobId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const job = useJob(jobId)
  const downloaded = useRef<string | null>(null)
  const result = job?.state === 'done' ? (job.result as ExportResult) : null

  useEffect(() => {
    if (!result?.download || downloaded.current === jobId) return
    downloaded.current = jobId
    downloadExport(result.download).catch((e: Error) => setError(e.message))
  }, [result, jobId])

  async function start() {
    setError(null)
    const scope: ExportScope = which === 'list' && list ? list.scope : { kind: 'all' }
    try {
      if (!desktop) {
        setJobId((await api.csv.exportStart({ scope, form: 'zip' })).jobId)
        return
      }
      const name = `familles-${today()}`
      const { path } = await api.files.chooseSave({
        title: form === 'zip' ? 'Enregistrer l’export (archive .zip)' : 'Créer le dossier de l’export',
        defaultName: form === 'zip' ? `${name}.zip` : name,
        filters: form === 'zip' ? [{ name: 'Archive zip', extensions: ['zip'] }] : undefined,
      })
      if (path) setJobId((await api.csv.exportStart({ scope, form, path })).jobId)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const running = job?.state === 'running' || (jobId !== null && !job)
  return (
    <Stack>
      <Radio.Group label="Familles à exporter" value={which} onChange={(v) => setWhich(v as 'all' | 'list')}>
        <Stack gap={6} mt={6}>
          <Radio value="all" label="Toutes les familles" />
          <Radio
            value="list"
            label={list ? list.label : 'Les familles de la liste courante'}
            disabled={!list}
          />
        </Stack>
      </Radio.Group>
      {!list && (
        <Text size="xs" c="dimmed">
          Pour n’exporter qu’une partie des familles, faites une recherche dans la liste des familles, puis
          choisissez « Exporter cette liste ».
        </Text>
      )}
      {desktop ? (
        <div>
          <Text size="sm" fw={500} mb={4}>
            Forme
          </Text>
          <SegmentedControl
            value={form}
            onChange={(v) => setForm(v as 'zip' | 'folder')}
            data={[
              { value: 'zip', label: 'Une archive .zip' },
              { value: 'folder', label: 'Un dossier de six fichiers' },
            ]}
          />
        </div>
      ) : (
        <Text size="sm" c="dimmed">
          Le navigateur télécharge une archive .zip des six fichiers CSV.
        </Text>
      )}
      <Group>
        <Button leftSection={<IconFileExport size={18} />} onClick={() => void start()} loading={running}>
          Exporter
        </Button>
      </Group>
      {job && running && <JobProgress job={job} label="Export" />}
      {error && <Alert color="red">{error}</Alert>}
      {job && (job.state === 'failed' || job.state === 'cancelled') && (
        <Alert color={job.state === 'cancelled' ? 'gray' : 'red'}>{job.error?.message}</Alert>
      )}
      {result && (
        <Alert color="teal" title={`${result.families.toLocaleString('fr-FR')} familles exportées`}>
          <List size="sm">
            {result.files.map((f) => (
              <List.Item key={f.name}>
                {f.name} : {f.rows.toLocaleString('fr-FR')} lignes
              </List.Item>
            ))}
          </List>
          {result.path && (
            <Text size="sm" mt="xs">
              Enregistré dans {result.path}
            </Text>
          )}
          {result.healthOmitted && (
            <Text size="sm" mt="xs">
              Les données de santé n’ont pas été exportées : votre rôle ne permet pas de les voir.
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  )
}
