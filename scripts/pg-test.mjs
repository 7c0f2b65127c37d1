// `node scripts/pg-test.mjs [vitest arguments]`: the PostgreSQL tests
// (tests/pg, docs/architecture.md « PostgreSQL »). With PGHOST… or
// MARELLE_TEST_PG_URL already set, on that server; otherwise on a throw-away
// cluster that pg_virtualenv (Debian's postgresql-common) creates and drops
// around the run (PostgreSQL 15 when installed, else the newest). Without
// either, says so and exits with 0: the tests are skipped, not failed;
// unless MARELLE_REQUIRE_PG=1 (.ci/run), where that is a failure (exit 1).
// The arguments go to vitest as they are (reporters, files…).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const vitest = ['npx', 'vitest', 'run', '--config', 'tests/pg/vitest.config.ts', ...process.argv.slice(2)]
const shell = process.platform === 'win32'

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell })
  process.exit(result.status ?? 1)
}

if (process.env.PGHOST || process.env.MARELLE_TEST_PG_URL) run(vitest[0], vitest.slice(1))

const found = spawnSync('sh', ['-c', 'command -v pg_virtualenv'], { encoding: 'utf8' })
if (process.platform === 'win32' || found.status !== 0) {
  if (process.env.MARELLE_REQUIRE_PG === '1') {
    console.log(
      'Tests PostgreSQL obligatoires ici (MARELLE_REQUIRE_PG=1), mais ni serveur (PGHOST… ou MARELLE_TEST_PG_URL) ni pg_virtualenv (apt-get install postgresql) : échec.',
    )
    process.exit(1)
  }
  console.log(
    'Tests PostgreSQL ignorés : ni serveur (PGHOST… ou MARELLE_TEST_PG_URL) ni pg_virtualenv (apt-get install postgresql).',
  )
  process.exit(0)
}
const version = existsSync('/usr/lib/postgresql/15/bin/postgres') ? ['-v', '15'] : []
// -t: a cluster of its own in a temporary folder, even as root (root's default, 15/regress, is shared by every run on the machine).
run('pg_virtualenv', ['-t', ...version, ...vitest])
