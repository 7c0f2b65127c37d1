import type { TestProject } from 'vitest/node'
import { migratePostgres } from '../../src-main/backend/db/postgres/migrate'
import { openPostgres } from '../../src-main/backend/db/postgres/open'
import { adminUrl, databaseUrl, SKIPPED_LINE, TEMPLATE_DATABASE } from './server'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The maintenance database's address, or null: the tests are skipped. */
    pgAdminUrl: string | null
  }
}

/**
 * Once per run: a database migrated to this version's schema, the template
 * of each test file's own database (helpers.ts).
 */
export default async function setup(project: TestProject) {
  const admin = adminUrl()
  project.provide('pgAdminUrl', admin)
  if (!admin) {
    // .ci/run must not skip them (scripts/pg-test.mjs).
    if (process.env.MARELLE_REQUIRE_PG === '1')
      throw new Error('Tests PostgreSQL obligatoires ici (MARELLE_REQUIRE_PG=1), mais aucun serveur.')
    console.log(SKIPPED_LINE)
    return
  }
  const server = await openPostgres(admin, { max: 1 })
  try {
    await server.pool.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`)
    await server.pool.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`)
  } finally {
    await server.close()
  }
  const template = await openPostgres(databaseUrl(admin, TEMPLATE_DATABASE), { max: 1 })
  try {
    await migratePostgres(template.db)
  } finally {
    await template.close()
  }
  return async () => {
    const again = await openPostgres(admin, { max: 1 })
    try {
      await again.pool.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`)
    } finally {
      await again.close()
    }
  }
}
