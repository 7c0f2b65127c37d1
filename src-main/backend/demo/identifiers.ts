import type { Rng } from './rng'

// N° famille and Identifiants as the seed shows them: 12 digits, the
// commune's postal code then 7 digits. Families take 7-digit values below
// 5,000,000, children above, so the two never look alike. Stepping by a
// number prime to 5,000,000 visits every value once before repeating:
// unique without a set of the numbers already given.
const PREFIX = '38330'
const SPACE = 5_000_000
const STEP = 2_718_281
/** The seed's numbers (the TEST family, the other number the seed shows for it, its child). */
export const SEED_NUMBERS = new Set(['383304832264', '383304932264', '383306398666'])

export class NumberSequence {
  private index = 0
  private readonly start: number

  constructor(
    rng: Rng,
    private readonly half: 'families' | 'children',
  ) {
    this.start = rng.int(0, SPACE - 1)
  }

  next(): string {
    for (;;) {
      if (this.index >= SPACE) throw new Error('No 12-digit number left')
      const value = ((this.start + this.index++ * STEP) % SPACE) + (this.half === 'children' ? SPACE : 0)
      const text = `${PREFIX}${String(value).padStart(7, '0')}`
      if (!SEED_NUMBERS.has(text)) return text
    }
  }
}
