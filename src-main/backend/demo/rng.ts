// A small seeded pseudo-random generator (mulberry32, seeded by a 32-bit
// hash of the seed text): the same seed gives the same demo data on every
// machine, which Math.random() cannot promise.

function hashSeed(seed: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193)
  return h >>> 0
}

export class Rng {
  private state: number

  constructor(seed: string) {
    this.state = hashSeed(seed)
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** `count` digits, leading zeros kept. */
  digits(count: number): string {
    let text = ''
    for (let i = 0; i < count; i++) text += Math.floor(this.next() * 10)
    return text
  }
}

/** Picks among items with weights, by binary search over the running totals. */
export class WeightedPicker<T> {
  private readonly totals: number[] = []

  constructor(
    private readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    let total = 0
    for (const item of items) {
      total += Math.max(weight(item), 0)
      this.totals.push(total)
    }
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.totals[this.totals.length - 1]
    let low = 0
    let high = this.totals.length - 1
    while (low < high) {
      const mid = (low + high) >> 1
      if (this.totals[mid] > target) high = mid
      else low = mid + 1
    }
    return this.items[low]
  }
}
