// Where the test server is, from the environment (no secret in the code:
// pg reads PGPASSWORD or ~/.pgpass itself).

/** The maintenance database's address, or null when no server is configured. */
export function adminUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MARELLE_TEST_PG_URL) return env.MARELLE_TEST_PG_URL
  if (!env.PGHOST) return null
  const user = encodeURIComponent(env.PGUSER ?? 'postgres')
  const port = env.PGPORT ?? '5432'
  const database = encodeURIComponent(env.PGDATABASE ?? 'postgres')
  return env.PGHOST.startsWith('/')
    ? `postgres://${user}@/${database}?host=${encodeURIComponent(env.PGHOST)}&port=${port}`
    : `postgres://${user}@${env.PGHOST}:${port}/${database}`
}

/** The same server, another database. */
export function databaseUrl(admin: string, database: string): string {
  const url = new URL(admin)
  url.pathname = `/${database}`
  return url.toString()
}

export const TEMPLATE_DATABASE = 'marelle_template'

export const SKIPPED_LINE =
  'Tests PostgreSQL ignorés : aucun serveur (définissez PGHOST… ou MARELLE_TEST_PG_URL, ou lancez node scripts/pg-test.mjs).'
