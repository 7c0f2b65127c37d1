import { Alert, Button, Group, Modal, Stack } from '@mantine/core'
import { IconDownload, IconFileTypePdf } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { blobUrl, download } from '../lists/files'

/** « Aperçu PDF » of a billing document made by the back-end (the same file as the command line's), with « Enregistrer ». */
export function PdfButton({
  label,
  fetchFile,
}: {
  label: string
  fetchFile(): Promise<{ fileName: string; base64: string | null }>
}) {
  const [preview, setPreview] = useState<{ url: string; fileName: string; base64: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview.url) : undefined), [preview])
  const open = async () => {
    setBusy(true)
    setError(null)
    try {
      const file = await fetchFile()
      if (file.base64)
        setPreview({
          url: blobUrl(file.base64, 'application/pdf'),
          fileName: file.fileName,
          base64: file.base64,
        })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconFileTypePdf size={16} />}
        loading={busy}
        onClick={open}
      >
        {label}
      </Button>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title={label} size="90%">
        <Stack>
          {preview && (
            <iframe
              src={preview.url}
              title={`Aperçu : ${label}`}
              style={{ width: '100%', height: '70vh', border: 0 }}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPreview(null)}>
              Fermer
            </Button>
            <Button
              leftSection={<IconDownload size={16} />}
              onClick={() => preview && download(preview.fileName, preview.base64, 'application/pdf')}
            >
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}
