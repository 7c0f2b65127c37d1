import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

// `npm run web` takes MARELLE_DATABASE_URL when --db is not given, as the
// command line does (issue 12 item 4); a postgres:// address is served in
// server mode (tests/pg/server-mode.test.ts), and a server that does not answer
// is said in French, without the password.

let child: ChildProcess | null = null
let dir: string | null = null
afterEach(() => {
  child?.kill('SIGTERM')
  child = null
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

/** Runs the web host until it prints `until` or exits; its output and exit code (null while running). */
function webHost(env: NodeJS.ProcessEnv, until: RegExp): Promise<{ output: string; code: number | null }> {
  const cleanEnv = { ...process.env, ...env }
  delete cleanEnv.MARELLE_DB_KEY
  child = spawn(process.execPath, ['--import', 'tsx', 'src-main/web-host/cli.ts', '--static', 'out/web'], {
    env: cleanEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host said nothing expected:\n${output}`)), 60_000)
    const seen = (chunk: Buffer) => {
      output += chunk.toString()
      if (until.test(output)) {
        clearTimeout(timer)
        resolve({ output, code: null })
      }
    }
    child?.stdout?.on('data', seen)
    child?.stderr?.on('data', seen)
    child?.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ output, code })
    })
  })
}

describe('the web host’s MARELLE_DATABASE_URL', () => {
  it('opens the file it names when --db is not given', async () => {
    dir = mkdtempSync(join(tmpdir(), 'marelle-web-url-'))
    const path = join(dir, 'depuis-la-variable.db')
    const run = await webHost({ MARELLE_DATABASE_URL: path }, /Marelle \(mode web\) :/)
    expect(run.output).toContain(`Base de données : ${path}`)
  })

  it('says in French that a PostgreSQL server does not answer, without the password', async () => {
    // Port 1 of this machine: nothing listens there, the connection is refused at once.
    const run = await webHost(
      { MARELLE_DATABASE_URL: 'postgres://marelle_app:secret-url-7@127.0.0.1:1/marelle' },
      /$^/,
    )
    expect(run.code).toBe(1)
    expect(run.output).toContain('Le serveur PostgreSQL ne répond pas')
    expect(run.output).not.toContain('secret-url-7')
    expect(run.output).not.toMatch(/\bat .*\.ts:\d+/)
  })
})
