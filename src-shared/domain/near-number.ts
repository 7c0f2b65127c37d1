// A family number or a child's Identifiant typed or copied with one digit
// wrong (the seed's own requests carry 383304932264 for 383304832264): the
// numbers one digit away, to look up and propose ("vouliez-vous dire …").
// Twelve digits give 108 candidates, few enough for one query.

/** Every number of the same length that differs from `number` in exactly one digit. */
export function oneDigitOff(number: string): string[] {
  if (!/^\d{1,20}$/.test(number)) return []
  const out: string[] = []
  for (let i = 0; i < number.length; i++)
    for (let d = 0; d <= 9; d++) {
      const digit = String(d)
      if (digit !== number[i]) out.push(number.slice(0, i) + digit + number.slice(i + 1))
    }
  return out
}

/** " ; vouliez-vous dire 383304832264 (TEST TEST) ?" for what was found, else "". */
export function didYouMean(found: readonly { number: string; name?: string }[]): string {
  if (found.length === 0) return ''
  const said = found
    .slice(0, 3)
    .map((f) => (f.name ? `${f.number} (${f.name})` : f.number))
    .join(' ou ')
  return ` ; vouliez-vous dire ${said} ?`
}
