import { Alert, Button, FileInput, Group, Stack, Text } from '@mantine/core'
import type { ImportReport } from '@shared/contract/csv'
import { IconDatabaseImport, IconFileSearch, IconFiles } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { useJob } from '../../api/useJob'
import { JobProgress } from '../../components/JobProgress'
import { ImportReportView } from './ImportReportView'
import { number } from './labels'
import { MappingStep } from './MappingStep'
import { uploadFiles } from './transfer'

type Mappings = Record<string, (string | null)[]>

/**
 * Import in three steps: choose the files (desktop dialog, or upload in the
 * web mode), read the preview (what would be added and changed, every
 * problem, the column mapping of a foreign file), then import, which the
 * back-end checks again and writes in one transaction.
 */
export function ImportPanel({ desktop }: { desktop: boolean }) {
  const queryClient = useQueryClient()
  const [files, setFiles] = useState<File[]>([])
  const [importId, setImportId] = useState<string | null>(null)
  const [mappings, setMappings] = useState<Mappings>({})
  const [sending, setSending] = useState<{ done: number; total: number } | null>(null)
  const [previewId, setPreviewId] = useState<string | null>(null)
  const [runId, setRunId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const preview = useJob(previewId)
  const run = useJob(runId)
  const report = preview?.state === 'done' ? (preview.result as ImportReport) : null
  const written = run?.state === 'done' ? (run.result as ImportReport) : null

  async function check(id: string, given: Mappings) {
    setRunId(null)
    setPreviewId((await api.csv.importPreview({ importId: id, mappings: given })).jobId)
  }

  async function choose() {
    setError(null)
    try {
      let id: string
      if (desktop) {
        const { paths } = await api.files.chooseOpen({
          title: 'Fichiers à importer',
          multiple: true,
          filters: [{ name: 'Fichiers CSV ou archive zip', extensions: ['csv', 'zip', 'txt'] }],
        })
        if (paths.length === 0) return
        id = (await api.csv.importOpen({ paths })).importId
      } else {
        const total = files.reduce((sum, f) => sum + f.size, 0)
        setSending({ done: 0, total })
        id = await uploadFiles(files, (done) => setSending({ done, total }))
        setSending(null)
      }
      setImportId(id)
      setMappings({})
      await check(id, {})
    } catch (e) {
      setSending(null)
      setError((e as Error).message)
    }
  }

  async function confirmMapping(name: string, targets: (string | null)[]) {
    const next = { ...mappings, [name]: targets }
    setMappings(next)
    if (importId) await check(importId, next).catch((e: Error) => setError(e.message))
  }

  async function start() {
    if (!importId) return
    setError(null)
    try {
      setRunId((await api.csv.importRun({ importId, mappings })).jobId)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  function reset() {
    if (importId && !written?.written) void api.csv.importDiscard({ importId }).catch(() => {})
    setImportId(null)
    setPreviewId(null)
    setRunId(null)
    setFiles([])
    setError(null)
    if (written?.written) void queryClient.invalidateQueries()
  }

  const busy = sending !== null || preview?.state === 'running' || run?.state === 'running'
  const failed = [preview, run].find((j) => j && (j.state === 'failed' || j.state === 'cancelled'))
  return (
    <Stack>
      {!importId && (
        <Group align="end">
          {!desktop && (
            <FileInput
              label="Fichiers CSV ou archive .zip"
              placeholder="Choisir les fichiers…"
              multiple
              accept=".csv,.zip,.txt,text/csv,application/zip"
              value={files}
              onChange={setFiles}
              w={420}
              clearable
            />
          )}
          <Button
            leftSection={desktop ? <IconFiles size={18} /> : <IconFileSearch size={18} />}
            onClick={() => void choose()}
            disabled={!desktop && files.length === 0}
            loading={busy}
          >
            {desktop ? 'Choisir les fichiers…' : 'Vérifier les fichiers'}
          </Button>
        </Group>
      )}
      {sending && (
        <JobProgress
          job={{ id: null, progress: { phase: 'Envoi des fichiers', ...sending } }}
          label="Import"
        />
      )}
      {preview?.state === 'running' && <JobProgress job={preview} label="Vérification" />}
      {error && <Alert color="red">{error}</Alert>}
      {failed && <Alert color={failed.state === 'cancelled' ? 'gray' : 'red'}>{failed.error?.message}</Alert>}
      {report &&
        !written &&
        report.foreign.map((file) => (
          <MappingStep
            key={`${file.name}:${file.proposal.join('|')}`}
            file={file}
            targets={report.mappingTargets}
            onConfirm={(targets) => void confirmMapping(file.name, targets)}
          />
        ))}
      {report && !written && <ImportReportView report={report} />}
      {report && !written && (
        <Group>
          <Button
            leftSection={<IconDatabaseImport size={18} />}
            onClick={() => void start()}
            disabled={!report.canImport || busy}
            loading={run?.state === 'running'}
          >
            Importer
          </Button>
          <Button variant="default" onClick={reset} disabled={run?.state === 'running'}>
            Choisir d’autres fichiers
          </Button>
          {!report.canImport && (
            <Text size="sm" c="dimmed">
              {report.problemCount > 0
                ? `Import impossible : ${number(report.problemCount)} problème${report.problemCount > 1 ? 's' : ''} à corriger.`
                : 'Rien à importer : Marelle a déjà ces données.'}
            </Text>
          )}
        </Group>
      )}
      {run?.state === 'running' && <JobProgress job={run} label="Import" />}
      {written && (
        <Stack>
          <Alert
            color={written.written ? 'teal' : 'orange'}
            title={written.written ? 'Import terminé' : 'Rien n’a été écrit'}
          >
            {written.written
              ? `Les fiches ont été enregistrées en une seule fois (${number(written.auditEntries)} entrées au journal des modifications).`
              : 'Les fichiers ont changé de résultat à la nouvelle vérification : voyez les problèmes ci-dessous.'}
          </Alert>
          <ImportReportView report={written} />
          <Group>
            <Button variant="default" onClick={reset}>
              Nouvel import
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  )
}
