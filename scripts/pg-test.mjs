// `node scripts/pg-test.mjs [vitest arguments]`: the PostgreSQL tests
// (tests/pg, docs/architecture.md « PostgreSQL ») on a server, or on a
// throw-away cluster (with-postgres.mjs). The arguments go to vitest as they
// are (reporters, files…).
import { runWithPostgres } from './with-postgres.mjs'

runWithPostgres('Tests PostgreSQL', 'npx', [
  'vitest',
  'run',
  '--config',
  'tests/pg/vitest.config.ts',
  ...process.argv.slice(2),
])
