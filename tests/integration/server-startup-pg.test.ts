import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerSetting, ServerStartupState } from '@shared/contract/server'
import type { Envelope } from '@shared/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migratePostgres } from '../../src-main/backend/db/postgres/migrate'
import { openPostgres } from '../../src-main/backend/db/postgres/open'
import { startKeyedBackend } from '../../src-main/backend/encryption/unlock'
import { testFileSecretStore } from '../../src-main/backend/server/secret-store-test-file'
import { SETTING_FILE_NAME, writeSettingFile } from '../../src-main/backend/server/setting-file'
import { type StartupGate, startDesktopBackend } from '../../src-main/backend/server/startup'
import { silentLog } from '../helpers/backend'
import { adminUrl, databaseUrl } from '../pg/server'

// The desktop's start-up on a real server (server/startup.ts): opened with the
// kept password; a refused login asks for it, and the one typed is kept again
// (audited on the server); a schema that is not this version's is refused with
// the command to run. Needs PGHOST… over TCP (node scripts/pg-suite.mjs
// tests/integration/server-startup-pg.test.ts); skipped, and said so, without.

const admin = adminUrl()
const tcp = admin !== null && new URL(admin).hostname !== ''
if (!tcp)
  console.log(
    'server-startup-pg ignoré : aucun serveur PostgreSQL joignable en TCP (PGHOST…) ; lancez node scripts/pg-suite.mjs tests/integration/server-startup-pg.test.ts.',
  )
const describeTcp = tcp ? describe : describe.skip
const PASSWORD = process.env.PGPASSWORD ?? ''

const name = `startup_${process.pid}`

function settingOf(): ServerSetting {
  const url = new URL(admin as string)
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    database: name,
    user: decodeURIComponent(url.username) || 'postgres',
    sslmode: 'disable',
    caFile: null,
  }
}

async function onAdmin(query: string): Promise<void> {
  const server = await openPostgres(admin as string, { max: 1 })
  try {
    await server.pool.query(query)
  } finally {
    await server.close()
  }
}

let dir: string
const gates: StartupGate[] = []

function start(password: string | null): { gate: StartupGate; secretPath: string } {
  dir = mkdtempSync(join(tmpdir(), 'marelle-startup-pg-'))
  const databasePath = join(dir, 'marelle.db')
  writeSettingFile(join(dir, SETTING_FILE_NAME), settingOf())
  const secretPath = join(dir, 'secret.json')
  const serverSecrets = testFileSecretStore(secretPath)
  if (password !== null) serverSecrets.save(password)
  const gate = startDesktopBackend({
    databasePath,
    serverSecrets,
    log: silentLog,
    startLocal: () => startKeyedBackend({ databasePath, log: silentLog }),
    server: { localDir: dir },
    connectTimeoutMs: 5000,
  })
  gates.push(gate)
  return { gate, secretPath }
}

async function call(gate: StartupGate, channel: string, input: unknown = {}) {
  const envelope = (await gate.dispatch(channel, input, { staffId: null })) as Envelope<ServerStartupState>
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.value
}

describeTcp('desktop start-up on a PostgreSQL server', () => {
  // Every start here gives a password, right or wrong: pg reads PGPASSWORD only without one.
  beforeAll(async () => {
    await onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await onAdmin(`CREATE DATABASE ${name}`)
    const server = await openPostgres(databaseUrl(admin as string, name), { max: 1 })
    try {
      await migratePostgres(server.db)
    } finally {
      await server.close()
    }
  })
  afterAll(async () => {
    for (const gate of gates) await gate.close()
    await onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    rmSync(dir, { recursive: true, force: true })
  })

  it('opens the server with the password kept on this desktop', async () => {
    const { gate } = start(PASSWORD)
    expect(await call(gate, 'server/startupState')).toMatchObject({ state: 'open', mode: 'postgres' })
    expect(gate.current()?.services.storage.kind).toBe('postgres')
    expect(await gate.dispatch('auth/status', {}, { staffId: null })).toMatchObject({
      ok: true,
      value: { needsSetup: true },
    })
  })

  it('asks for the password the server refused, and keeps the one that opens it (audited on the server)', async () => {
    const { gate, secretPath } = start('pas-le-bon-mot-de-passe')
    const refused = await call(gate, 'server/startupState')
    expect(refused).toMatchObject({ state: 'refused', problem: 'login', askPassword: true })
    expect(refused.message).toMatch(
      /^Le serveur PostgreSQL refuse la connexion de « .+ » \(.+\) : mot de passe incorrect/,
    )
    expect(refused.message).not.toContain('pas-le-bon-mot-de-passe')
    expect(await call(gate, 'server/startupRetry', { password: 'toujours-faux' })).toMatchObject({
      problem: 'login',
    })
    expect(await call(gate, 'server/startupRetry', { password: PASSWORD })).toMatchObject({
      state: 'open',
      mode: 'postgres',
    })
    expect(testFileSecretStore(secretPath).load()).toEqual({ state: 'present', password: PASSWORD })
    const backend = gate.current()
    if (!backend) throw new Error('server not open')
    const entry = await backend.services.db
      .selectFrom('audit_log')
      .select(['action', 'note'])
      .where('action', '=', 'server.password.store')
      .executeTakeFirstOrThrow()
    expect(entry.note).toBe(
      'Mot de passe du serveur saisi au démarrage : de nouveau gardé sur ce poste (jamais inscrit ici).',
    )
  })

  it('refuses a schema that is not this version’s, with the command to run', async () => {
    const server = await openPostgres(databaseUrl(admin as string, name), { max: 1 })
    const { rows } = await server.pool.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1',
    )
    const last = rows[0]?.name as string
    await server.pool.query('DELETE FROM schema_migrations WHERE name = $1', [last])
    try {
      const { gate } = start(PASSWORD)
      const refused = await call(gate, 'server/startupState')
      const s = settingOf()
      expect(refused).toMatchObject({
        state: 'refused',
        problem: 'schema',
        askPassword: false,
        command: `marelle --db "postgres://${s.user}@${s.host}:${s.port}/${name}?sslmode=disable" migrate`,
      })
      expect(refused.message).toContain(
        `La base du serveur PostgreSQL doit d’abord être mise à jour pour cette version de Marelle (${last}). Ce poste ne modifie jamais le schéma d’un serveur partagé`,
      )
      expect(gate.current()).toBeNull()
    } finally {
      await server.pool.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
        last,
        new Date().toISOString(),
      ])
      await server.close()
    }
  })
})
