import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'

/** A benchmark prints its figures; it asserts nothing. */
export interface BenchSuite {
  name: string
  run(report: (line: string) => void): Promise<void>
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)]
}

/** Runs `fn` once and returns its duration in milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await fn()
  return { ms: performance.now() - start, value }
}

/** Median and 95th percentile of the durations of `fn` over `inputs`. */
export async function latency<I>(inputs: I[], fn: (input: I) => Promise<unknown> | unknown) {
  const durations: number[] = []
  for (const input of inputs) durations.push((await timed(() => fn(input))).ms)
  durations.sort((a, b) => a - b)
  return { median: percentile(durations, 50), p95: percentile(durations, 95), count: durations.length }
}

export function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`
}

export function tempDir(prefix: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), `marelle-bench-${prefix}-`))
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * « charge 2,35 » : the machine's load average over the last minute, printed
 * beside a figure measured on a shared machine (on 2 cores, a load of 8 gives
 * a process about a quarter of a core, and its times four times longer).
 */
export function load(): string {
  return `charge ${loadavg()[0].toFixed(2).replace('.', ',')}`
}

/** CPU time (user + system) of this process so far, in milliseconds: steadier than wall time on a loaded machine. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
