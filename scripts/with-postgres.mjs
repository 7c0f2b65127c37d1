// Runs a command against a PostgreSQL server (docs/architecture.md, « Mode
// serveur »): with PGHOST… or MARELLE_TEST_PG_URL already set, on that
// server; otherwise on a throw-away cluster that pg_virtualenv (Debian's
// postgresql-common) creates and drops around the command (PostgreSQL 15 when
// installed, else the newest). Without either, says so and exits with 0: the
// tests are skipped, not failed; unless MARELLE_REQUIRE_PG=1 (.ci/run), where
// that is a failure (exit 1). Used by pg-test.mjs, pg-suite.mjs and pg-e2e.mjs.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const shell = process.platform === 'win32'

/** Runs `command args` with `env` added, and exits with its status. */
export function runAndExit(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell, env: { ...process.env, ...env } })
  process.exit(result.status ?? 1)
}

/** Whether a server is already named by the environment. */
export const serverGiven = () => Boolean(process.env.PGHOST || process.env.MARELLE_TEST_PG_URL)

/**
 * Runs `command args` on a server, and exits with its status. `what` names
 * the tests in the French line printed when they cannot run here.
 */
export function runWithPostgres(what, command, args, { fsyncOff = false } = {}) {
  if (serverGiven()) runAndExit(command, args)
  const found = spawnSync('sh', ['-c', 'command -v pg_virtualenv'], { encoding: 'utf8' })
  if (process.platform === 'win32' || found.status !== 0) {
    const missing =
      'ni serveur (PGHOST… ou MARELLE_TEST_PG_URL) ni pg_virtualenv (apt-get install postgresql)'
    if (process.env.MARELLE_REQUIRE_PG === '1') {
      console.log(`${what} obligatoires ici (MARELLE_REQUIRE_PG=1), mais ${missing} : échec.`)
      process.exit(1)
    }
    console.log(`${what} ignorés : ${missing}.`)
    process.exit(0)
  }
  const version = existsSync('/usr/lib/postgresql/15/bin/postgres') ? ['-v', '15'] : []
  // -t: a cluster of its own in a temporary folder, even as root (root's default, 15/regress, is shared by every run on the machine).
  runAndExit('pg_virtualenv', ['-t', ...(fsyncOff ? ['-o', 'fsync=off'] : []), ...version, command, ...args])
}
