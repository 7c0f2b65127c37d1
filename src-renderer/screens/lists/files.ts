/** The bytes of a file the back-end sent as base64. */
export function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

export function blobUrl(base64: string, type: string): string {
  return URL.createObjectURL(new Blob([bytesOf(base64)], { type }))
}

/** Hands a file to the browser's download. */
export function download(fileName: string, base64: string, type: string) {
  const url = blobUrl(base64, type)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** 'hh:mm' of this computer's clock, for « arrivé(e) maintenant ». */
export function nowTime(): string {
  return new Date().toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })
}
