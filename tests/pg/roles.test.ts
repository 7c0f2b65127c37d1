import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { migratePostgres } from '../../src-main/backend/db/postgres/migrate'
import { type OpenPostgres, openPostgres } from '../../src-main/backend/db/postgres/open'
import { describePg, pgAdminUrl } from './helpers'
import { databaseUrl } from './server'

/** psql on the test server (it comes with the server's client package). */
function psql(url: string, ...args: string[]): void {
  const result = spawnSync('psql', ['-X', '-q', url, ...args], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`psql ${args.join(' ')}: ${result.stderr}${result.error ?? ''}`)
}

/** The same server as `role`, with a password of the test's own (the scripts never set one). */
function as(role: string, password: string, database: string): string {
  const url = new URL(databaseUrl(pgAdminUrl as string, database))
  url.username = role
  url.password = password
  return url.toString()
}

describePg('the roles of db/postgres/roles.sql and app-grants.sql', () => {
  const database = `t_roles_${randomBytes(4).toString('hex')}`
  const password = randomBytes(12).toString('hex')
  let app: OpenPostgres
  const at = '2026-11-27T09:00:00.000Z'
  beforeAll(async () => {
    const admin = pgAdminUrl as string
    psql(admin, '-v', `db=${database}`, '-f', 'db/postgres/roles.sql')
    psql(admin, '-v', `db=${database}`, '-f', 'db/postgres/roles.sql') // a second run changes nothing
    psql(
      admin,
      '-c',
      `ALTER ROLE marelle_owner PASSWORD '${password}'`,
      '-c',
      `ALTER ROLE marelle_app PASSWORD '${password}'`,
    )
    const owner = await openPostgres(as('marelle_owner', password, database))
    try {
      await migratePostgres(owner.db)
    } finally {
      await owner.close()
    }
    psql(databaseUrl(admin, database), '-f', 'db/postgres/app-grants.sql')
    app = await openPostgres(as('marelle_app', password, database))
  })
  afterAll(async () => {
    await app?.close()
    psql(pgAdminUrl as string, '-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  })

  it('let the application write the records, their derived rows and the audit log', async () => {
    const family = await app.db
      .insertInto('families')
      .values({ number: '383304832264', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    await app.db
      .insertInto('guardians')
      .values({
        family_id: family.id,
        role: 'responsable',
        last_name: 'Dupont',
        created_at: at,
        updated_at: at,
      })
      .execute()
    await app.db
      .insertInto('audit_log')
      .values({ at, actor: 'test', action: 'family.create', entity_type: 'family', entity_id: family.id })
      .execute()
    const search = await sql<{ n: number }>`SELECT count(*) AS n FROM family_search_order`.execute(app.db)
    expect(search.rows[0].n).toBe(1)
  })

  it('keep the application from changing or erasing the audit log', async () => {
    await expect(app.db.updateTable('audit_log').set({ note: 'effacé' }).execute()).rejects.toMatchObject({
      code: '42501',
    })
    await expect(app.db.deleteFrom('audit_log').execute()).rejects.toMatchObject({ code: '42501' })
    await expect(sql`TRUNCATE audit_log`.execute(app.db)).rejects.toMatchObject({ code: '42501' })
  })

  it('keep the application from changing the schema or its history', async () => {
    await expect(sql`ALTER TABLE families ADD COLUMN x text`.execute(app.db)).rejects.toMatchObject({
      code: '42501',
    })
    await expect(sql`CREATE TABLE autre (id bigint)`.execute(app.db)).rejects.toMatchObject({ code: '42501' })
    await expect(sql`DELETE FROM schema_migrations`.execute(app.db)).rejects.toMatchObject({ code: '42501' })
  })
})
