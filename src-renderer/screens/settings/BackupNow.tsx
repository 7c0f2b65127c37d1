import { Alert, Button, Stack } from '@mantine/core'
import { IconDatabaseExport } from '@tabler/icons-react'
import { useState } from 'react'
import { api } from '../../api/client'
import { useJob } from '../../api/useJob'
import { JobProgress } from '../../components/JobProgress'

/** "Sauvegarder maintenant" (administrators): an online copy into the backups folder, with its progress. */
export function BackupNow() {
  const [jobId, setJobId] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const job = useJob(jobId)
  const running = jobId !== null && (!job || job.state === 'running')
  const start = async () => {
    setFailure(null)
    try {
      setJobId((await api.system.backupNow({})).jobId)
    } catch (error) {
      setFailure((error as Error).message)
    }
  }
  return (
    <Stack maw={900} gap="xs">
      <Button
        w="fit-content"
        variant="light"
        leftSection={<IconDatabaseExport size={16} />}
        onClick={() => void start()}
        loading={running}
      >
        Sauvegarder maintenant
      </Button>
      {job && running && <JobProgress job={job} label="Sauvegarde" />}
      {job?.state === 'done' && (
        <Alert color="teal">Sauvegarde écrite : {(job.result as { path: string }).path}</Alert>
      )}
      {(failure || (job && (job.state === 'failed' || job.state === 'cancelled'))) && (
        <Alert color="red">{failure ?? job?.error?.message}</Alert>
      )}
    </Stack>
  )
}
