import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// Work measured alone in a process of its own (csv-import-child.ts,
// billing-child.ts): its peak memory is the kernel's high-water mark of that
// process's resident set (VmHWM, every thread included), exact whatever the
// event loop was doing, and not mixed with what the bench itself holds.

/** Runs `bench/<script>` under tsx with `args`; returns the JSON of its last line of output. */
export function runChild<T>(script: string, args: string[]): Promise<T> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url))
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path, ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`))
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T)
      },
    )
  })
}

/** A field of /proc/self/status in MB: VmHWM (the peak resident set so far), VmRSS (now). */
export function statusMB(field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync('/proc/self/status', 'utf8')
  const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]
  // Not Linux: the peak the process reports itself (getrusage), the same figure there.
  if (kib === undefined)
    return field === 'VmHWM' ? process.resourceUsage().maxRSS / 1024 : process.memoryUsage().rss / 1048576
  return Number(kib) / 1024
}
