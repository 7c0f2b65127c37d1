import { migrations as allMigrations } from '@db/migrations/index'
import type { Migration, PostgresExecutor } from '@db/migrations/types'
import { applyBaseline, BASELINE_MIGRATIONS } from '@db/postgres/baseline/index'
import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely'
import { AppError } from '../../errors'
import { postgresError } from './errors'

/** The advisory lock every Marelle migration of a PostgreSQL database holds ("marel" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6d6172656c

export interface PostgresMigrationResult {
  applied: string[]
}

export interface PostgresMigrateOptions {
  list?: Migration[]
  now?: Date
  /** How long to wait for another desktop's migration before refusing (ms). */
  lockTimeoutMs?: number
}

/** The migration's SQL, on the transaction's connection. */
function executor<T>(trx: Transaction<T>): PostgresExecutor {
  return {
    async query(text, parameters = []) {
      const result = await trx.executeQuery(CompiledQuery.raw(text, [...parameters]))
      return { rows: result.rows as Record<string, unknown>[] }
    },
  }
}

interface Step {
  names: string[]
  up(db: PostgresExecutor): Promise<void>
}

/** What to run on a database that holds `done`, in order; refuses what this version cannot do. */
export function planPostgres(done: Set<string>, list: Migration[] = allMigrations): Step[] {
  const names = list.map((m) => m.name)
  if (new Set(names).size !== names.length || [...names].sort().join() !== names.join())
    throw new Error('Migrations must have unique names listed in sorted order')
  const unknown = [...done].filter((n) => !names.includes(n))
  if (unknown.length > 0)
    throw new AppError(
      'UNAVAILABLE',
      `La base du serveur a été mise à jour par une version plus récente de Marelle (${unknown.sort().at(-1)}) : installez cette version-là sur ce poste.`,
    )
  const steps: Step[] = []
  const baseline = new Set<string>(BASELINE_MIGRATIONS)
  const baselineDone = BASELINE_MIGRATIONS.filter((n) => done.has(n)).length
  if (baselineDone === 0 && done.size === 0)
    steps.push({ names: [...BASELINE_MIGRATIONS], up: applyBaseline })
  else if (baselineDone !== BASELINE_MIGRATIONS.length)
    throw new AppError(
      'UNAVAILABLE',
      'Cette base PostgreSQL n’a pas été créée par Marelle (son historique de migrations est incomplet) : utilisez une base vide.',
    )
  for (const m of list) {
    if (baseline.has(m.name) || done.has(m.name)) continue
    const postgres = m.postgres
    if (!postgres)
      throw new AppError(
        'UNAVAILABLE',
        `La migration ${m.name} n’a pas de forme PostgreSQL : cette version de Marelle ne peut pas mettre à jour une base sur serveur.`,
      )
    steps.push({ names: [m.name], up: (db) => postgres.up(db) })
  }
  return steps
}

/**
 * Brings a PostgreSQL database to the schema of this version: the baseline
 * on an empty database, then each later migration's PostgreSQL form, each
 * step in its own transaction, recorded in schema_migrations under the
 * SQLite migrations' names. A session advisory lock makes two desktops (or
 * two `marelle migrate`) take turns: the second waits up to lockTimeoutMs,
 * then finds nothing left to do, or is refused with a French message.
 */
export async function migratePostgres<T>(
  db: Kysely<T>,
  options: PostgresMigrateOptions = {},
): Promise<PostgresMigrationResult> {
  const lockTimeout = Math.max(1, Math.round(options.lockTimeoutMs ?? 60_000))
  return db.connection().execute(async (conn) => {
    await sql`SELECT set_config('lock_timeout', ${`${lockTimeout}ms`}, false)`.execute(conn)
    try {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn)
    } catch (error) {
      if ((error as { code?: string }).code === '55P03')
        throw new AppError(
          'BUSY',
          'Une autre mise à jour du schéma est en cours sur ce serveur (un autre poste ou « marelle migrate ») : réessayez quand elle sera finie.',
        )
      throw postgresError(error) ?? error
    } finally {
      await sql`SELECT set_config('lock_timeout', '0', false)`.execute(conn)
    }
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        name text COLLATE "C" PRIMARY KEY, applied_at text COLLATE "C" NOT NULL)`.execute(conn)
      const done = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(conn)
      const steps = planPostgres(new Set(done.rows.map((r) => r.name)), options.list)
      const applied: string[] = []
      for (const step of steps) {
        await conn.transaction().execute(async (trx) => {
          await step.up(executor(trx))
          const at = (options.now ?? new Date()).toISOString()
          for (const name of step.names)
            await sql`INSERT INTO schema_migrations (name, applied_at) VALUES (${name}, ${at})`.execute(trx)
        })
        applied.push(...step.names)
      }
      return { applied }
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn)
    }
  })
}

/** The names recorded in schema_migrations, sorted (none when the table is missing). */
export async function appliedPostgresMigrations<T>(db: Kysely<T>): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(
    db,
  )
  if (!exists.rows[0]?.t) return []
  const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(db)
  return rows.rows.map((r) => r.name)
}

/**
 * For a desktop or the web host opening a shared database: refuses, with
 * what to do, a server whose schema is not this version's. A desktop never
 * migrates the server itself (the administrator runs
 * `marelle --db postgres://… migrate`).
 */
export async function refuseOtherSchema<T>(db: Kysely<T>, list: Migration[] = allMigrations): Promise<void> {
  const done = new Set(await appliedPostgresMigrations(db))
  // A newer server, or one that is not Marelle's, is refused by the plan itself.
  const pending = planPostgres(done, list)
  if (pending.length > 0)
    throw new AppError(
      'UNAVAILABLE',
      done.size === 0
        ? 'La base du serveur PostgreSQL est vide : l’administrateur la prépare avec « marelle --db postgres://… migrate », puis ce poste pourra s’y connecter.'
        : `La base du serveur PostgreSQL doit d’abord être mise à jour pour cette version de Marelle (${pending.at(-1)?.names.at(-1)}) : l’administrateur lance « marelle --db postgres://… migrate », puis ce poste pourra s’y connecter.`,
    )
}
