import { migratePostgres } from '../../src-main/backend/db/postgres/migrate'
import { openPostgres } from '../../src-main/backend/db/postgres/open'
import { SUITE_TEMPLATE } from '../helpers/pg-backend'
import { adminUrl, databaseUrl } from './server'

// scripts/pg-suite.mjs: the migrated database every backend of the suite in
// PostgreSQL mode copies (tests/helpers/pg-backend.ts).
const admin = adminUrl()
if (!admin) throw new Error('PGHOST… or MARELLE_TEST_PG_URL needed')
const server = await openPostgres(admin, { max: 1 })
try {
  await server.pool.query(`DROP DATABASE IF EXISTS ${SUITE_TEMPLATE} WITH (FORCE)`)
  await server.pool.query(`CREATE DATABASE ${SUITE_TEMPLATE}`)
} finally {
  await server.close()
}
const template = await openPostgres(databaseUrl(admin, SUITE_TEMPLATE), { max: 1 })
try {
  const result = await migratePostgres(template.db)
  console.log(`Modèle ${SUITE_TEMPLATE} : ${result.applied.length} migrations.`)
} finally {
  await template.close()
}
