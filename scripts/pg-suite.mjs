// `node scripts/pg-suite.mjs [vitest arguments]`: the back-end suite
// (tests/integration by default) with every createTestBackend on PostgreSQL
// (MARELLE_TEST_DB=postgres, tests/helpers/pg-backend.ts), on the server the
// PG* variables name or on a throw-away cluster (with-postgres.mjs); a step of
// npm test (docs/architecture.md, « Mode serveur »).
import { spawnSync } from 'node:child_process'
import { runAndExit, runWithPostgres, serverGiven } from './with-postgres.mjs'

const args = process.argv.slice(2)
if (!serverGiven())
  runWithPostgres('Suite du back-end sur PostgreSQL', 'node', ['scripts/pg-suite.mjs', ...args], {
    fsyncOff: true,
  })
const shell = process.platform === 'win32'
if (spawnSync('npx', ['tsx', 'tests/pg/suite-template.ts'], { stdio: 'inherit', shell }).status !== 0)
  process.exit(1)
const files = args.some((a) => !a.startsWith('-')) ? [] : ['tests/integration']
runAndExit('npx', ['vitest', 'run', ...files, ...args], { MARELLE_TEST_DB: 'postgres' })
