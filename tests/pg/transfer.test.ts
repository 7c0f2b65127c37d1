import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrations } from '@db/migrations/index'
import { seedRows } from '@db/postgres/baseline/seeds'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import { systemClock } from '../../src-main/backend/context'
import { openDatabase } from '../../src-main/backend/db/open'
import { migratePostgres } from '../../src-main/backend/db/postgres/migrate'
import { type OpenPostgres, openPostgres } from '../../src-main/backend/db/postgres/open'
import { generateDemo } from '../../src-main/backend/demo/generate'
import { readSourceSchema } from '../../src-main/backend/transfer/source'
import { type TransferSummary, transferDatabase } from '../../src-main/backend/transfer/transfer'
import { createTestBackend, signedInAdmin } from '../helpers/backend'
import { writeKeyFile } from '../helpers/encryption'
import { signedInAs } from '../helpers/families'
import { CLI_ACTOR } from '../helpers/family-csv'
import { sqliteOf } from '../helpers/sqlite'
import { describePg, pgAdminUrl, testDatabase } from './helpers'
import { databaseUrl } from './server'

// marelle --db marelle.db transfer --to postgres://… (docs/architecture.md,
// « Transfert vers PostgreSQL »): a demo database with staff, audit,
// requests, calendar and billing rows moved to an empty server database.

// Each command through bin/marelle.js starts tsx: several seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000 })

let dir: string
let demoPath: string

/** A demo of 300 families (calendar, billing, requests), an administrator and an agent, a replaced request. */
async function demoFile(): Promise<string> {
  const backend = createTestBackend()
  try {
    await generateDemo(backend.context(CLI_ACTOR), { families: 300, seed: '1' })
    const admin = await signedInAdmin(backend)
    await signedInAs(backend, admin, 'agent')
    const ids = sqliteOf(backend.services)
      .prepare('SELECT id FROM requests ORDER BY id')
      .pluck()
      .all() as number[]
    expect(ids.length).toBeGreaterThanOrEqual(2)
    // A reference to a later row of the same table: set only once that row is in.
    sqliteOf(backend.services).prepare('UPDATE requests SET replaced_by = ? WHERE id = ?').run(ids[1], ids[0])
    sqliteOf(backend.services).pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    await backend.close()
  }
  const path = join(dir, 'demo.db')
  copyFileSync(backend.dbPath, path)
  rmSync(backend.dir, { recursive: true, force: true })
  return path
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

function sqliteRows(path: string, text: string): Record<string, unknown>[] {
  const sqlite = new BetterSqlite3(path, { readonly: true })
  try {
    return sqlite.prepare(text).all() as Record<string, unknown>[]
  } finally {
    sqlite.close()
  }
}

async function pgRows(pg: OpenPostgres, text: string): Promise<Record<string, unknown>[]> {
  return (await sql.raw<Record<string, unknown>>(text).execute(pg.db)).rows
}

/** Every table of the file (the FTS5 shadow tables aside) with its rows counted on both sides. */
async function countsOnBothSides(pg: OpenPostgres) {
  const sqlite = new BetterSqlite3(demoPath, { readonly: true })
  try {
    const schema = readSourceSchema(sqlite)
    const tables = [...schema.copied.map((t) => t.name), ...schema.rebuilt]
    const counts = []
    for (const table of tables) {
      const source = (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n
      const [row] = await pgRows(pg, `SELECT count(*) AS n FROM "${table}"`)
      counts.push({ table, source, target: Number(row.n) })
    }
    return counts
  } finally {
    sqlite.close()
  }
}

/** What a freshly migrated database holds, per table: the migrations' catalogues. */
const seeded = new Map(seedRows(migrations).map((s) => [s.table, s.rows.length]))

async function onlySeeds(pg: OpenPostgres): Promise<void> {
  for (const { table } of await countsOnBothSides(pg)) {
    const [row] = await pgRows(pg, `SELECT count(*) AS n FROM "${table}"`)
    expect({ table, n: Number(row.n) }).toEqual({ table, n: seeded.get(table) ?? 0 })
  }
}

async function transfer(pg: OpenPostgres): Promise<TransferSummary> {
  const source = openDatabase(demoPath, { readonly: true })
  try {
    return await transferDatabase({
      source,
      sourcePath: demoPath,
      target: pg,
      actor: commandLineActor('transfert-test'),
      clock: systemClock,
    })
  } finally {
    await source.close()
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-transfer-'))
  demoPath = await demoFile()
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describePg('transfer of a demo database to an empty PostgreSQL database', () => {
  const pg = testDatabase({ empty: true })
  let before: string
  let summary: TransferSummary

  beforeAll(async () => {
    before = digest(demoPath)
    summary = await transfer(pg.pg)
  }, 120_000)

  it('creates the schema, copies every table and says the counts agree', async () => {
    expect(summary.ok).toBe(true)
    expect(summary.migrated.at(-1)).toBe(migrations.at(-1)?.name)
    const counts = await countsOnBothSides(pg.pg)
    // The transfer's own audit entry comes on top of the file's.
    const audit = counts.find((c) => c.table === 'audit_log')!
    expect(audit.target).toBe(audit.source + 1)
    audit.target -= 1
    for (const c of counts) expect(c).toEqual({ table: c.table, source: c.source, target: c.source })
    expect(counts.find((c) => c.table === 'families')?.source).toBeGreaterThan(300)
    expect(counts.find((c) => c.table === 'staff')?.source).toBe(2)
    for (const table of ['invoices', 'payments', 'enrolments', 'school_holidays', 'requests', 'settings'])
      expect(counts.find((c) => c.table === table)?.source).toBeGreaterThan(0)
    expect(summary.tables).toEqual(
      counts.map((c) => ({ ...c, target: c.table === 'audit_log' ? c.source : c.target })),
    )
  })

  it('keeps every row of a few tables as it is, ids included', async () => {
    for (const table of ['families', 'guardians', 'children', 'staff', 'settings', 'requests', 'invoices'])
      expect({ table, rows: await pgRows(pg.pg, `SELECT * FROM "${table}" ORDER BY 1`) }).toEqual({
        table,
        rows: sqliteRows(demoPath, `SELECT * FROM "${table}" ORDER BY 1`),
      })
    const source = sqliteRows(demoPath, 'SELECT * FROM audit_log ORDER BY id')
    expect(
      await pgRows(pg.pg, `SELECT * FROM audit_log WHERE id <= ${source.at(-1)?.id} ORDER BY id`),
    ).toEqual(source)
    // The derived rows as the file has them, search rebuilt in the same name order.
    for (const query of [
      'SELECT * FROM request_state_counts ORDER BY state',
      'SELECT id, file_gaps, vaccines_covered_on, complete_from, complete_until FROM children ORDER BY id',
      'SELECT family_id, sort_key FROM family_search_order ORDER BY family_id',
      'SELECT child_id, sort_key FROM child_search_order ORDER BY child_id',
    ])
      expect(await pgRows(pg.pg, query)).toEqual(sqliteRows(demoPath, query))
  })

  it('writes one audit entry naming who ran it, the file and the counts, and leaves the file untouched', async () => {
    const [entry] = await pgRows(pg.pg, 'SELECT * FROM audit_log ORDER BY id DESC LIMIT 1')
    expect(entry).toMatchObject({
      action: 'database.transfer',
      entity_type: 'database',
      actor: expect.any(String),
    })
    expect(String(entry.note)).toContain(`Transfert depuis le fichier ${demoPath}`)
    expect(String(entry.note)).toMatch(/\d+ familles, \d+ enfants, \d+ demandes/)
    expect(
      await pgRows(pg.pg, "SELECT count(*) AS n FROM audit_log WHERE action = 'database.transfer'"),
    ).toEqual([{ n: 1 }])
    expect(digest(demoPath)).toBe(before)
    expect(
      sqliteRows(demoPath, "SELECT count(*) AS n FROM audit_log WHERE action = 'database.transfer'"),
    ).toEqual([{ n: 0 }])
  })

  it('leaves the planner statistics of the tables it filled, so that the first searches use the indexes', async () => {
    const stats = await pgRows(
      pg.pg,
      `SELECT relname AS table, (last_analyze IS NOT NULL)::int AS analysed FROM pg_stat_user_tables
       WHERE relname IN ('families', 'guardians', 'children', 'family_search', 'family_search_order') ORDER BY relname`,
    )
    expect(stats).toEqual(
      ['children', 'families', 'family_search', 'family_search_order', 'guardians'].map((table) => ({
        table,
        analysed: 1,
      })),
    )
    const [{ estimated }] = await pgRows(
      pg.pg,
      "SELECT reltuples::bigint AS estimated FROM pg_class WHERE relname = 'families'",
    )
    const [{ n }] = await pgRows(pg.pg, 'SELECT count(*) AS n FROM families')
    expect(Number(estimated)).toBe(Number(n))
  })

  it('moves the sequences past the copied ids: a new family gets a fresh id', async () => {
    const [max] = await pgRows(pg.pg, 'SELECT max(id) AS id FROM families')
    const at = '2026-12-02T06:00:00.000Z'
    const created = await pg.pg.db
      .insertInto('families')
      .values({ number: '999999999999', created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(created.id).toBe(Number(max.id) + 1)
    await pg.pg.db.deleteFrom('families').where('id', '=', created.id).execute()
  })

  it('refuses the same database again, naming what it holds, with nothing written', async () => {
    const counts = await countsOnBothSides(pg.pg)
    await expect(transfer(pg.pg)).rejects.toThrow(
      /^La base cible n’est pas vide \(elle contient des familles, des demandes, des entrées du journal d’audit, des comptes du personnel\) : .*rien n’a été écrit\.$/,
    )
    expect(await countsOnBothSides(pg.pg)).toEqual(counts)
  })
})

describePg('a transfer that fails in the middle', () => {
  const pg = testDatabase({ empty: true })

  it('leaves the target with nothing but its catalogues, and says which table refused a row', async () => {
    await migratePostgres(pg.pg.db)
    const [line] = sqliteRows(demoPath, 'SELECT max(id) AS id FROM invoice_lines')
    // A table made to reject one row, late in the copy (after families, children, audit…).
    await sql
      .raw(`ALTER TABLE invoice_lines ADD CONSTRAINT test_refuses CHECK (id <> ${Number(line.id)})`)
      .execute(pg.pg.db)
    await expect(transfer(pg.pg)).rejects.toThrow(
      /^Transfert interrompu à la table « invoice_lines » : le serveur a refusé une ligne \(.*test_refuses.*\)\. La transaction est annulée : rien n’a été écrit sur le serveur\.$/,
    )
    await onlySeeds(pg.pg)
    // The triggers are back: a family written now is indexed for search.
    const at = '2026-12-02T06:00:00.000Z'
    await pg.pg.db
      .insertInto('families')
      .values({ number: '383304832264', created_at: at, updated_at: at })
      .execute()
    expect(await pgRows(pg.pg, 'SELECT count(*) AS n FROM family_search_order')).toEqual([{ n: 1 }])
  })
})

describePg('marelle transfer, check and backup through bin/marelle.js', () => {
  const pg = testDatabase({ empty: true })
  const mismatch = testDatabase({ empty: true })
  const marelle = (...args: string[]) =>
    spawnSync('node', ['bin/marelle.js', ...args], { encoding: 'utf8', env: { ...process.env } })

  it('prints the counts table by table in French, exit 0, then refuses a second transfer with exit 1', () => {
    const first = marelle('--db', demoPath, 'transfer', '--to', pg.url)
    expect(first.stderr).toMatch(/^ {2}families : \d[\d\u202f ]* \/ \d[\d\u202f ]* lignes$/m)
    expect(first.status).toBe(0)
    expect(first.stdout).toMatch(/^Transfert de .*demo\.db vers .*\/t_\w+ :$/m)
    expect(first.stdout).toMatch(/^ {2}table +fichier +serveur$/m)
    expect(first.stdout).toMatch(/^ {2}audit_log +\d+ +\d+$/m)
    expect(first.stdout).toMatch(/^ {2}family_search_order +\d+ +\d+$/m)
    expect(first.stdout).toMatch(/lignes copiées en \d+ tables en .* s \(.* lignes\/s\) ; séquences remises/)
    const again = marelle('--db', demoPath, 'transfer', '--to', pg.url)
    expect(again.status).toBe(1)
    expect(again.stderr.trim()).toMatch(/^La base cible n’est pas vide \(elle contient des familles, /)
  })

  it('check on the server runs the application’s checks; backup says to use pg_dump', () => {
    const check = marelle('--db', pg.url, 'check')
    expect(check.stdout).toMatch(/^Base .* saine : schéma de cette version, compteurs des demandes et index/)
    expect(check.stdout).toMatch(/vérifiées par le serveur/)
    expect(check.status).toBe(0)
    const backup = marelle('--db', pg.url, 'backup', '--out', join(dir, 'copie.db'))
    expect(backup.status).toBe(1)
    expect(backup.stderr).toMatch(
      /« marelle backup » ne la copie pas\. Sauvegardez-la sur le serveur avec pg_dump/,
    )
    expect(backup.stderr).toMatch(/pg_restore/)
  })

  it('check finds request counts that disagree with the requests', async () => {
    await sql`UPDATE request_state_counts SET n = n + 5 WHERE state = 'pending'`.execute(pg.pg.db)
    const check = marelle('--db', pg.url, 'check')
    expect(check.status).toBe(1)
    expect(check.stderr).toMatch(
      /^Compteurs des demandes : \d+ demande\(s\) « pending » comptée\(s\) pour \d+/m,
    )
    await sql`UPDATE request_state_counts SET n = n - 5 WHERE state = 'pending'`.execute(pg.pg.db)
  })

  it('rolls back and exits with 1 when a count differs, --json giving the comparison', async () => {
    await migratePostgres(mismatch.pg.db)
    // A rule (not a trigger: those are suspended) that drops one invoice line on its way in.
    const [line] = sqliteRows(demoPath, 'SELECT max(id) AS id FROM invoice_lines')
    await sql
      .raw(
        `CREATE RULE test_drops AS ON INSERT TO invoice_lines WHERE NEW.id = ${Number(line.id)} DO INSTEAD NOTHING`,
      )
      .execute(mismatch.pg.db)
    const run = marelle('--db', demoPath, 'transfer', '--to', mismatch.url, '--json')
    expect(run.status).toBe(1)
    const summary = JSON.parse(run.stdout) as TransferSummary
    expect(summary.ok).toBe(false)
    expect(summary.tables.filter((t) => t.source !== t.target)).toEqual([
      { table: 'invoice_lines', source: expect.any(Number), target: expect.any(Number) },
    ])
    expect(run.stderr).toMatch(
      /Les nombres de lignes diffèrent .* la transaction est annulée, rien n’a été écrit/,
    )
    await onlySeeds(mismatch.pg)
  })

  it('refuses a file of another version, and a --to that is not a server', () => {
    const copy = join(dir, 'refused.db')
    copyFileSync(demoPath, copy)
    const sqlite = new BetterSqlite3(copy)
    sqlite
      .prepare(
        "INSERT INTO schema_migrations (name, applied_at) VALUES ('20991231-0000-future', '2099-12-31')",
      )
      .run()
    sqlite.close()
    const newer = marelle('--db', copy, 'transfer', '--to', mismatch.url)
    expect(newer.status).toBe(1)
    expect(newer.stderr.trim()).toBe(
      'Le fichier source a été mis à jour par une version plus récente de Marelle (20991231-0000-future) : faites le transfert avec cette version-là.',
    )
    const usage = marelle('--db', demoPath, 'transfer', '--to', 'copie.db')
    expect(usage.status).toBe(2)
    expect(usage.stderr).toMatch(/^--to attend l’adresse d’un serveur PostgreSQL/)
  })
})

describePg('a transfer while a desktop still writes to the file', () => {
  const pg = testDatabase({ empty: true })

  it('copies the file as it was when the transfer began', async () => {
    const copy = join(dir, 'en-cours.db')
    copyFileSync(demoPath, copy)
    const writer = new BetterSqlite3(copy)
    const source = openDatabase(copy, { readonly: true })
    const [before] = sqliteRows(copy, 'SELECT count(*) AS n FROM audit_log')
    try {
      const summary = await transferDatabase({
        source,
        sourcePath: copy,
        target: pg.pg,
        actor: commandLineActor('transfert-test'),
        clock: systemClock,
        progress: {
          // Once the first table is in: a write the transfer must not see.
          table: (name) => {
            if (name === 'staff')
              writer
                .prepare(
                  "INSERT INTO audit_log (at, actor, action, entity_type) VALUES ('2026-12-02T06:40:00.000Z', 'poste', 'family.update', 'family')",
                )
                .run()
          },
          step: () => {},
        },
      })
      expect(summary.ok).toBe(true)
      expect(summary.tables.find((t) => t.table === 'audit_log')).toEqual({
        table: 'audit_log',
        source: before.n,
        target: before.n,
      })
    } finally {
      await source.close()
      writer.close()
    }
    expect(sqliteRows(copy, 'SELECT count(*) AS n FROM audit_log')).toEqual([{ n: Number(before.n) + 1 }])
  })
})

describePg('transfer of an encrypted file', () => {
  const pg = testDatabase({ empty: true })
  const marelle = (...args: string[]) => spawnSync('node', ['bin/marelle.js', ...args], { encoding: 'utf8' })

  it('needs the key (--key-file), and copies the same rows with it', () => {
    const copy = join(dir, 'chiffree.db')
    copyFileSync(demoPath, copy)
    const keyFile = writeKeyFile(dir, randomBytes(32))
    expect(marelle('--db', copy, '--key-file', keyFile, 'encrypt').status).toBe(0)
    const without = marelle('--db', copy, 'transfer', '--to', pg.url)
    expect(without.status).toBe(1)
    expect(without.stderr).toMatch(/^Cette base est chiffrée : il faut sa clé pour l’ouvrir/)
    const withKey = marelle('--db', copy, '--key-file', keyFile, 'transfer', '--to', pg.url, '--json')
    expect(withKey.status).toBe(0)
    const summary = JSON.parse(withKey.stdout) as TransferSummary
    expect(summary.ok).toBe(true)
    expect(summary.tables.find((t) => t.table === 'families')?.target).toBe(
      sqliteRows(demoPath, 'SELECT count(*) AS n FROM families')[0].n,
    )
  }, 120_000)
})

describePg('who may run a transfer', () => {
  const suffix = randomBytes(4).toString('hex')
  const database = `t_roles_transfer_${suffix}`
  const owner = `t_owner_${suffix}`
  const app = `t_app_${suffix}`
  const password = randomBytes(12).toString('hex')
  let admin: OpenPostgres
  const as = (role: string) => {
    const url = new URL(databaseUrl(pgAdminUrl as string, database))
    url.username = role
    url.password = password
    return url.toString()
  }
  beforeAll(async () => {
    admin = await openPostgres(pgAdminUrl as string, { max: 1 })
    for (const role of [owner, app])
      await admin.pool.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`)
    await admin.pool.query(`CREATE DATABASE ${database} OWNER ${owner}`)
    // As roles.sql and app-grants.sql do: the application reads and writes, the owner migrates.
    const asOwner = await openPostgres(as(owner), { max: 1 })
    try {
      await migratePostgres(asOwner.db)
      for (const grant of [
        `GRANT USAGE ON SCHEMA public TO ${app}`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
      ])
        await asOwner.pool.query(grant)
    } finally {
      await asOwner.close()
    }
  })
  afterAll(async () => {
    await admin.pool.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    for (const role of [owner, app]) await admin.pool.query(`DROP ROLE IF EXISTS ${role}`)
    await admin.close()
  })

  it('refuses the application’s role in French, then copies as the owner, who is no superuser', async () => {
    const asApp = await openPostgres(as(app), { max: 1 })
    try {
      await expect(transfer(asApp)).rejects.toThrow(
        /^Le transfert doit être lancé avec le rôle propriétaire de la base \(celui de « migrate », marelle_owner/,
      )
      await onlySeeds(asApp)
    } finally {
      await asApp.close()
    }
    const asOwner = await openPostgres(as(owner), { max: 1 })
    try {
      const [role] = await pgRows(asOwner, 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')
      expect(role.rolsuper).toBe(0) // booleans read as 1/0, as on SQLite
      expect((await transfer(asOwner)).ok).toBe(true)
    } finally {
      await asOwner.close()
    }
  })
})
