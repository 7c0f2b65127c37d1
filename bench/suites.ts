import { csvCodecSuite } from './csv-codec'
import type { BenchSuite } from './harness'
import { startupSuite } from './startup'

/** Every benchmark suite, in the order `npm run bench` runs them. */
export const suites: BenchSuite[] = [startupSuite, csvCodecSuite]
