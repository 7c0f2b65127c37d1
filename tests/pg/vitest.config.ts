import { defineConfig } from 'vitest/config'

// The tests only a PostgreSQL server can run (docs/architecture.md,
// « PostgreSQL »). They need PGHOST… (as pg_virtualenv exports them) or
// MARELLE_TEST_PG_URL; without either, global-setup.ts says they are skipped.
// `node scripts/pg-test.mjs` starts a throw-away cluster and runs them.
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ['tests/pg/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['tests/pg/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
