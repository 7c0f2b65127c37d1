import { UPLOAD_CHUNK_BYTES } from '@shared/contract/csv'
import { api } from '../../api/client'

// Web mode only: files go to the back-end in chunks through the same typed
// channels as everything else (no other route is open on the web host), and
// an export comes back the same way as a download.

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Sends `files` into a new import; `onBytes` with the bytes sent so far. */
export async function uploadFiles(files: File[], onBytes: (sent: number) => void): Promise<string> {
  const names = files.map((f) => f.name.toLowerCase())
  const twice = files.find((f, i) => names.indexOf(f.name.toLowerCase()) !== i)
  if (twice) throw new Error(`Deux fichiers s’appellent « ${twice.name} » : importez-les séparément.`)
  const { importId } = await api.csv.importCreate({})
  let sent = 0
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer())
    // At least one call, so that an empty file reaches the back-end (which says it is empty).
    let offset = 0
    do {
      const chunk = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES)
      await api.csv.importUpload({ importId, name: file.name, offset, base64: toBase64(chunk) })
      offset += chunk.length
      sent += chunk.length
      onBytes(sent)
    } while (offset < bytes.length)
  }
  return importId
}

/** Fetches an export and hands it to the browser as a download. */
export async function downloadExport(download: { id: string; name: string; size: number }): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = []
  let received = 0
  while (received < download.size) {
    const chunk = fromBase64((await api.csv.downloadChunk({ id: download.id, offset: received })).base64)
    if (chunk.length === 0) throw new Error('Le téléchargement s’est interrompu : relancez l’export.')
    parts.push(chunk)
    received += chunk.length
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/zip' }))
  const link = document.createElement('a')
  link.href = url
  link.download = download.name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
