// `node scripts/pg-suite.mjs [vitest arguments]`: the back-end suite
// (tests/integration by default) with every createTestBackend on PostgreSQL
// (MARELLE_TEST_DB=postgres, tests/helpers/pg-backend.ts), on the server the
// PG* variables name or on a throw-away cluster of pg_virtualenv. Not part of
// npm test or .ci/run (docs/architecture.md, « Mode serveur »).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const shell = process.platform === 'win32'
const status = (command, args, env = process.env) =>
  spawnSync(command, args, { stdio: 'inherit', shell, env }).status ?? 1

if (!process.env.PGHOST && !process.env.MARELLE_TEST_PG_URL) {
  const found = spawnSync('sh', ['-c', 'command -v pg_virtualenv'], { encoding: 'utf8' })
  if (found.status !== 0) {
    console.log(
      'Suite en mode PostgreSQL impossible : ni serveur (PGHOST…) ni pg_virtualenv (apt-get install postgresql).',
    )
    process.exit(1)
  }
  const version = existsSync('/usr/lib/postgresql/15/bin/postgres') ? ['-v', '15'] : []
  process.exit(
    status('pg_virtualenv', [
      '-t',
      '-o',
      'fsync=off',
      ...version,
      'node',
      'scripts/pg-suite.mjs',
      ...process.argv.slice(2),
    ]),
  )
}
if (status('npx', ['tsx', 'tests/pg/suite-template.ts']) !== 0) process.exit(1)
const files = process.argv.slice(2).some((a) => !a.startsWith('-')) ? [] : ['tests/integration']
process.exit(
  status('npx', ['vitest', 'run', ...files, ...process.argv.slice(2)], {
    ...process.env,
    MARELLE_TEST_DB: 'postgres',
  }),
)
