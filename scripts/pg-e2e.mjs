// `node scripts/pg-e2e.mjs [playwright arguments]`: the end-to-end pass of
// the web host on PostgreSQL (Playwright project server-mode,
// tests/e2e/server-mode.spec.ts) on a server, or on a throw-away cluster
// (with-postgres.mjs). The web renderer must be built (npm run build:web).
import { runWithPostgres } from './with-postgres.mjs'

runWithPostgres('Parcours de bout en bout sur PostgreSQL', 'npx', [
  'playwright',
  'test',
  // One argument: --project takes every following word as a project name.
  '--project=server-mode',
  ...process.argv.slice(2),
])
