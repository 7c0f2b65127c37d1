// Months as staff read them (« novembre 2026 ») and as the services take them ('yyyy-mm').

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
]

/** 'yyyy-mm' → « novembre 2026 ». */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-')
  return `${MONTHS[Number(m) - 1]} ${year}`
}

/** The months offered around `around` ('yyyy-mm'): `back` months before it to `ahead` after, newest first. */
export function monthsAround(around: string, back = 24, ahead = 3): string[] {
  const [year, month] = around.split('-').map(Number)
  const out: string[] = []
  for (let k = ahead; k >= -back; k--) {
    const index = year * 12 + (month - 1) + k
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`)
  }
  return out
}
