/** « liste-ecoles-de-biviers-2026-12-01.pdf »: ASCII, no spaces, safe on every desktop. */
export function listFileName(kind: string, structure: string, period: string, format: 'pdf' | 'csv'): string {
  const slug = structure
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
  return `${kind}-${slug}-${period}.${format}`
}
