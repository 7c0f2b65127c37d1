import { spawn } from 'node:child_process'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { expect } from 'vitest'

/**
 * Runs `marelle …args` (an import of a large file set) and, the moment it
 * says it is writing (the "Écriture…" phase is reported inside the write
 * transaction), freezes it with SIGSTOP, proves through `probe` (a new
 * connection to the database) that it still holds the write lock, so that it
 * is in the middle of writing however fast the machine, and kills it with
 * SIGKILL (no handler, no cleanup). No fixed delay: nothing to outrun.
 */
export async function killImportWhileWriting(args: string[], probe: () => Database): Promise<void> {
  const child = spawn(process.execPath, ['bin/marelle.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (stderr.includes('Écriture…')) resolve()
    })
    child.on('exit', () => reject(new Error(`the import ended before writing:\n${stderr}`)))
  })
  child.kill('SIGSTOP')
  // Frozen mid-phase: its write transaction must still be open, or it would have finished.
  const sqlite = probe()
  sqlite.pragma('busy_timeout = 0')
  expect(() => sqlite.exec('BEGIN IMMEDIATE')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }))
  sqlite.close()
  child.kill('SIGKILL')
  expect(await exited).toEqual({ code: null, signal: 'SIGKILL' })
}
