import { Alert, Button, Group, Modal, Stack } from '@mantine/core'
import { IconDownload, IconFileTypePdf, IconPrinter } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { api } from '../../api/client'
import { blobUrl, download } from './files'

type FileRequest = { format: 'pdf' | 'csv'; path?: string }

/**
 * « Aperçu PDF », « Imprimer », « Enregistrer » and « Exporter en CSV » for a
 * list: the file is made by the back-end, the same as the command line's. In
 * the desktop app « Enregistrer » asks where to write it; in the web mode the
 * browser downloads it.
 */
export function FileButtons({
  label,
  baseName,
  fetchFile,
}: {
  label: string
  /** The file's name without extension, proposed in the save dialog. */
  baseName: string
  fetchFile(request: FileRequest): Promise<{ fileName: string; base64: string | null }>
}) {
  const [preview, setPreview] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const frame = useRef<HTMLIFrameElement>(null)
  const info = useQuery({ queryKey: ['system', 'info'], queryFn: () => api.system.info({}) })
  const desktop = info.data?.desktop ?? false
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview])

  const run = async (what: string, work: () => Promise<void>) => {
    setBusy(what)
    setError(null)
    try {
      await work()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }
  const open = () =>
    run('preview', async () => {
      const file = await fetchFile({ format: 'pdf' })
      if (file.base64) setPreview(blobUrl(file.base64, 'application/pdf'))
    })
  const save = (format: 'pdf' | 'csv') =>
    run(format, async () => {
      if (desktop) {
        const chosen = await api.files.chooseSave({
          title: `Enregistrer ${label}`,
          defaultName: `${baseName}.${format}`,
          filters: [{ name: format === 'pdf' ? 'PDF' : 'CSV', extensions: [format] }],
        })
        if (chosen.path) await fetchFile({ format, path: chosen.path })
        return
      }
      const file = await fetchFile({ format })
      if (file.base64) download(file.fileName, file.base64, format === 'pdf' ? 'application/pdf' : 'text/csv')
    })
  return (
    <>
      <Group gap="xs" className="no-print">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconFileTypePdf size={16} />}
          loading={busy === 'preview'}
          onClick={open}
        >
          Aperçu PDF et impression
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconDownload size={16} />}
          loading={busy === 'pdf'}
          onClick={() => save('pdf')}
        >
          Enregistrer le PDF
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconDownload size={16} />}
          loading={busy === 'csv'}
          onClick={() => save('csv')}
        >
          Exporter en CSV
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title={label} size="90%">
        <Stack>
          {preview && (
            <iframe
              ref={frame}
              src={preview}
              title={`Aperçu : ${label}`}
              style={{ width: '100%', height: '70vh', border: 0 }}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPreview(null)}>
              Fermer
            </Button>
            <Button
              leftSection={<IconPrinter size={16} />}
              onClick={() => {
                try {
                  frame.current?.contentWindow?.print()
                } catch {
                  setError('Impression impossible depuis l’aperçu : enregistrez le PDF puis imprimez-le.')
                }
              }}
            >
              Imprimer
            </Button>
            <Button variant="light" leftSection={<IconDownload size={16} />} onClick={() => save('pdf')}>
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
