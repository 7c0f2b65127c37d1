import { migrations } from '@db/migrations/index'
import type { Migration } from '@db/migrations/types'
import { BASELINE_MIGRATIONS } from '@db/postgres/baseline/index'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import {
  appliedPostgresMigrations,
  MIGRATION_LOCK_KEY,
  migratePostgres,
  planPostgres,
  refuseOtherSchema,
} from '../../src-main/backend/db/postgres/migrate'
import { openPostgres } from '../../src-main/backend/db/postgres/open'
import { AppError } from '../../src-main/backend/errors'
import { describePg, testDatabase } from './helpers'

const names = migrations.map((m) => m.name)

/** A migration after the baseline, with both forms: a column on families. */
const later: Migration = {
  name: '29991231-0000-test-column',
  up: (db) => db.exec('ALTER TABLE families ADD COLUMN test_note TEXT'),
  postgres: {
    up: (db) => db.query('ALTER TABLE families ADD COLUMN test_note text COLLATE "C"').then(() => {}),
  },
}

describe('the plan of a PostgreSQL migration', () => {
  it('is the baseline on an empty database, then the later forms', () => {
    const steps = planPostgres(new Set(), [...migrations, later])
    const after = migrations.slice(BASELINE_MIGRATIONS.length).map((m) => [m.name])
    expect(steps.map((s) => s.names)).toEqual([[...BASELINE_MIGRATIONS], ...after, [later.name]])
  })

  it('refuses a migration without its PostgreSQL form', () => {
    const sqliteOnly: Migration = { name: later.name, up: later.up }
    expect(() => planPostgres(new Set(names), [...migrations, sqliteOnly])).toThrow(
      /29991231-0000-test-column n’a pas de forme PostgreSQL/,
    )
  })

  it('refuses a database that a newer version migrated', () => {
    expect(() => planPostgres(new Set([...names, '29991231-0000-later']))).toThrow(
      /version plus récente de Marelle \(29991231-0000-later\)/,
    )
  })

  it('refuses a history that lacks part of the baseline', () => {
    expect(() => planPostgres(new Set(names.slice(0, 3)))).toThrow(/pas été créée par Marelle/)
  })
})

describePg('migratePostgres on an empty database', () => {
  const pg = testDatabase({ empty: true })

  it('is what a desktop asks for before it connects to an empty server', async () => {
    await expect(refuseOtherSchema(pg.pg.db)).rejects.toThrow(
      /La base du serveur PostgreSQL est vide .* migrate/,
    )
  })

  it('applies the baseline under the SQLite names, then nothing the second time', async () => {
    const first = await migratePostgres(pg.pg.db)
    expect(first.applied).toEqual(names)
    await refuseOtherSchema(pg.pg.db)
    expect(await appliedPostgresMigrations(pg.pg.db)).toEqual([...names].sort())
    expect((await migratePostgres(pg.pg.db)).applied).toEqual([])
  })

  it('holds the rows the SQLite migrations ship, with sequences past them', async () => {
    const count = async (table: string) =>
      (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(pg.pg.db)).rows[0].n
    expect(await count('vaccine_products')).toBe(25)
    expect(await count('school_holidays')).toBeGreaterThan(100)
    expect(await count('message_templates')).toBe(3)
    const product = await pg.pg.db
      .insertInto('vaccine_products')
      .values({ name: 'Nouveau vaccin' })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(product.id).toBe(26)
  })

  it('applies a later migration’s PostgreSQL form and records it', async () => {
    expect((await migratePostgres(pg.pg.db, { list: [...migrations, later] })).applied).toEqual([later.name])
    const column = await sql<{ n: number }>`SELECT count(*) AS n FROM information_schema.columns
      WHERE table_name = 'families' AND column_name = 'test_note'`.execute(pg.pg.db)
    expect(column.rows[0].n).toBe(1)
    // A desktop of the version before is refused until the administrator migrates…
    await expect(
      refuseOtherSchema(pg.pg.db, [...migrations, later, { ...later, name: '29991231-0001-next' }]),
    ).rejects.toThrow(/doit d’abord être mise à jour pour cette version de Marelle \(29991231-0001-next\)/)
    // …and one of an older version is told to update.
    await expect(refuseOtherSchema(pg.pg.db)).rejects.toThrow(/version plus récente de Marelle/)
    // This version's list no longer knows the database.
    await expect(migratePostgres(pg.pg.db)).rejects.toThrow(/version plus récente/)
  })
})

describePg('two migrations of one database at once', () => {
  const pg = testDatabase({ empty: true })

  it('take turns: one applies everything, the other finds nothing left', async () => {
    const other = await openPostgres(pg.url)
    try {
      const results = await Promise.all([migratePostgres(pg.pg.db), migratePostgres(other.db)])
      const applied = results.map((r) => r.applied.length).sort((a, b) => a - b)
      expect(applied).toEqual([0, names.length])
      expect(await appliedPostgresMigrations(pg.pg.db)).toEqual([...names].sort())
    } finally {
      await other.close()
    }
  })

  it('is refused in French when another session holds the lock too long', async () => {
    const holder = await pg.pg.pool.connect()
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
      const refused = await migratePostgres(pg.pg.db, { lockTimeoutMs: 200 }).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(AppError)
      expect((refused as AppError).code).toBe('BUSY')
      expect((refused as AppError).message).toMatch(/Une autre mise à jour du schéma est en cours/)
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      holder.release()
    }
    expect((await migratePostgres(pg.pg.db, { lockTimeoutMs: 200 })).applied).toEqual([])
  })
})
