// `npm test`: every check, in order; fails if any fails. Ends with the total
// of test cases run by vitest and Playwright.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { testSteps } from './test-steps.mjs'

const reports = resolve('test-results/reports')
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })
const steps = testSteps(reports)

const totals = { passed: 0, failed: 0, skipped: 0 }
function count(step) {
  if (!step.report || !existsSync(step.report)) return
  const data = JSON.parse(readFileSync(step.report, 'utf8'))
  if (step.kind === 'vitest') {
    totals.passed += data.numPassedTests
    totals.failed += data.numFailedTests
    totals.skipped += data.numPendingTests + (data.numTodoTests ?? 0)
  } else {
    totals.passed += data.stats.expected + data.stats.flaky
    totals.failed += data.stats.unexpected
    totals.skipped += data.stats.skipped
  }
}

const failed = []
for (const [label, step] of steps) {
  console.log(`\n=== ${label} ===`)
  const result = spawnSync('npx', step.args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, ...step.env },
  })
  if (result.status !== 0) failed.push(label)
  count(step)
}
console.log('\n=== Résumé ===')
if (failed.length > 0) console.log(`Étapes en échec : ${failed.join(', ')}`)
else console.log(`Toutes les étapes ont réussi (${steps.length}).`)
console.log(
  `Tests: ${totals.passed} passed, ${totals.failed + (failed.length > 0 && totals.failed === 0 ? 1 : 0)} failed, ${totals.skipped} skipped`,
)
process.exit(failed.length > 0 ? 1 : 0)
