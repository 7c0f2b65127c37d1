import { cpus } from 'node:os'
import type { BenchSuite } from './harness'
import { suites } from './suites'

// `npm run bench [-- name…]`: prints figures measured on this machine.
const only = process.argv.slice(2)
console.log(`Marelle bench, Node ${process.version}, ${cpus().length} cœurs (${cpus()[0]?.model ?? '?'})`)
for (const suite of suites as BenchSuite[]) {
  if (only.length > 0 && !only.includes(suite.name)) continue
  console.log(`\n## ${suite.name}`)
  await suite.run((line) => console.log(`  ${line}`))
}
