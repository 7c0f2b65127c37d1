import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { adminUrl } from '../tests/pg/server'
import type { BenchSuite } from './harness'

// `npm run bench -- server-mode`: the file and the server side by side
// (server-mode-measure.ts). On the server the PG* variables (or
// MARELLE_TEST_PG_URL) name; without one, the suite runs itself again under
// pg_virtualenv (Debian's postgresql-common), on a throw-away cluster of
// PostgreSQL 15 when installed, as scripts/pg-test.mjs does for the tests:
// the same as `pg_virtualenv -t -v 15 npm run bench -- server-mode`.

/** Runs server-mode-run.ts under pg_virtualenv; its lines go to `report` as they come. */
function underVirtualenv(report: (line: string) => void): Promise<void> {
  const version = existsSync('/usr/lib/postgresql/15/bin/postgres') ? ['-v', '15'] : []
  const script = fileURLToPath(new URL('./server-mode-run.ts', import.meta.url))
  const child = spawn('pg_virtualenv', ['-t', ...version, process.execPath, '--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  createInterface({ input: child.stdout }).on('line', (line) => {
    // pg_virtualenv's own lines (creating and dropping the cluster) are not figures.
    if (!/^(Creating new PostgreSQL cluster|Dropping cluster) /.test(line)) report(line)
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`server-mode under pg_virtualenv exited with ${code}`)),
    )
  })
}

export const serverModeSuite: BenchSuite = {
  name: 'server-mode',
  async run(report) {
    const admin = adminUrl()
    if (admin) {
      const { measureServerMode } = await import('./server-mode-measure')
      await measureServerMode(report, admin)
      return
    }
    const found = spawnSync('sh', ['-c', 'command -v pg_virtualenv'], { encoding: 'utf8' })
    if (process.platform === 'win32' || found.status !== 0) {
      report(
        'mode serveur non mesuré : ni serveur (PGHOST… ou MARELLE_TEST_PG_URL) ni pg_virtualenv (apt-get install postgresql).',
      )
      return
    }
    await underVirtualenv(report)
  },
}
