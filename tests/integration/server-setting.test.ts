import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DesktopFiles, Session } from '../../src-main/backend/context'
import { testFileSecretStore } from '../../src-main/backend/server/secret-store-test-file'
import { SETTING_FILE_NAME } from '../../src-main/backend/server/setting-file'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { auditEntries, signedInAs } from '../helpers/families'
import { onPostgres } from '../helpers/pg-backend'

// Paramètres → Serveur PostgreSQL through the dispatcher: the file beside the
// database, the password in the secret store (never returned, never in the
// audit log), administrators only. The test against a real server is in
// tests/pg/server-setting.test.ts.

const PASSWORD = 'Mot-de-passe-du-serveur-42'
const SETTING = {
  host: 'pg.mairie.local',
  port: 5432,
  database: 'marelle',
  user: 'marelle_app',
  sslmode: 'require' as const,
  caFile: null,
}

let backend: TestBackend
afterEach(() => backend?.dispose())

function withStore(desktop?: DesktopFiles) {
  const dir = mkdtempSync(join(tmpdir(), 'marelle-secret-'))
  backend = createTestBackend({ serverSecrets: testFileSecretStore(join(dir, 'secret.json')), desktop })
  return join(dir, 'secret.json')
}

async function refusal(channel: string, input: unknown, session: Session) {
  return backend.call(channel, input, session).then(
    () => null,
    (e: { payload: { code: string; message: string; fields?: { path: string; message: string }[] } }) =>
      e.payload,
  )
}

describe('server setting', () => {
  it('is for administrators only', async () => {
    withStore()
    const admin = await signedInAdmin(backend)
    const manager = await signedInAs(backend, admin, 'responsable')
    expect(await refusal('server/get', {}, manager)).toMatchObject({ code: 'FORBIDDEN' })
    expect(await refusal('server/save', SETTING, manager)).toMatchObject({ code: 'FORBIDDEN' })
    expect(await refusal('server/test', SETTING, manager)).toMatchObject({ code: 'FORBIDDEN' })
    expect(existsSync(join(backend.dir, SETTING_FILE_NAME))).toBe(false)
  })

  it('names the field in French when a value is wrong', async () => {
    withStore()
    const admin = await signedInAdmin(backend)
    const host = await refusal('server/save', { ...SETTING, host: 'pg mairie' }, admin)
    expect(host?.message).toMatch(/^Adresse du serveur : un nom de serveur ou une adresse IP/)
    expect(host?.fields?.[0]?.path).toBe('host')
    const port = await refusal('server/save', { ...SETTING, port: 0 }, admin)
    expect(port?.message).toMatch(/^Port : /)
    const user = await refusal('server/save', { ...SETTING, user: '' }, admin)
    expect(user?.message).toBe('Utilisateur : à renseigner')
    const ca = await refusal('server/save', { ...SETTING, sslmode: 'verify-full' }, admin)
    expect(ca?.message).toMatch(
      /^Certificat de l’autorité \(fichier CA\) : à choisir pour la vérification complète/,
    )
    const mode = await refusal('server/save', { ...SETTING, sslmode: 'prefer' }, admin)
    expect(mode?.message).toMatch(/^Chiffrement de la connexion \(sslmode\) : /)
    const notPem = join(backend.dir, 'pas-un-certificat.txt')
    writeFileSync(notPem, 'bonjour')
    const pem = await refusal('server/save', { ...SETTING, sslmode: 'verify-full', caFile: notPem }, admin)
    expect(pem?.message).toMatch(/ne contient pas de certificat au format PEM/)
    const missing = await refusal(
      'server/save',
      { ...SETTING, sslmode: 'verify-full', caFile: join(backend.dir, 'absent.pem') },
      admin,
    )
    expect(missing?.message).toMatch(/fichier introuvable ou illisible/)
    expect(existsSync(join(backend.dir, SETTING_FILE_NAME))).toBe(false)
  })

  it('keeps the setting beside the database and the password in the store, never shown nor audited', async () => {
    const secretPath = withStore()
    const admin = await signedInAdmin(backend)
    const before = await backend.call<{ setting: unknown; password: string }>('server/get', {}, admin)
    expect(before).toMatchObject({
      setting: null,
      password: 'absent',
      currentMode: onPostgres ? 'postgres' : 'sqlite',
    })

    const saved = await backend.call('server/save', { ...SETTING, password: PASSWORD }, admin)
    expect(saved).toMatchObject({
      setting: SETTING,
      password: 'saved',
      filePath: join(backend.dir, SETTING_FILE_NAME),
      address: 'postgres://marelle_app@pg.mairie.local:5432/marelle?sslmode=require&uselibpqcompat=true',
    })
    expect(JSON.stringify(saved)).not.toContain(PASSWORD)
    const file = readFileSync(join(backend.dir, SETTING_FILE_NAME), 'utf8')
    expect(JSON.parse(file)).toEqual(SETTING)
    expect(file).not.toContain(PASSWORD)
    expect(readFileSync(secretPath, 'utf8')).toContain(PASSWORD) // the test double keeps it in clear
    expect(JSON.stringify(await backend.call('server/get', {}, admin))).not.toContain(PASSWORD)

    // A change of host only: the entry names it, the password stays.
    await backend.call('server/save', { ...SETTING, host: '192.168.1.20' }, admin)
    const state = await backend.call<{ password: string }>('server/get', {}, admin)
    expect(state.password).toBe('saved')
    // Saving the same again writes nothing.
    await backend.call('server/save', { ...SETTING, host: '192.168.1.20' }, admin)

    const rows = await auditEntries(backend, { entityType: 'server' })
    expect(rows.map((r) => r.action)).toEqual(['server.create', 'server.update'])
    expect(JSON.parse(rows[1].changes ?? '[]')).toEqual([
      { field: 'host', label: 'Adresse du serveur', before: 'pg.mairie.local', after: '192.168.1.20' },
    ])
    const all = JSON.stringify(await auditEntries(backend))
    expect(all).not.toContain(PASSWORD)
    expect(all).toContain('Nouveau mot de passe gardé sur ce poste')

    await backend.call('server/forgetPassword', {}, admin)
    expect(await backend.call('server/get', {}, admin)).toMatchObject({
      password: 'absent',
      setting: { host: '192.168.1.20' },
    })
    await backend.call('server/clear', {}, admin)
    expect(await backend.call('server/get', {}, admin)).toMatchObject({ password: 'absent', setting: null })
    expect(existsSync(join(backend.dir, SETTING_FILE_NAME))).toBe(false)
    expect((await auditEntries(backend, { entityType: 'server' })).map((r) => r.action)).toEqual([
      'server.create',
      'server.update',
      'server.password.forget',
      'server.clear',
    ])
  })

  it('says in French what is wrong in a file written by hand', async () => {
    withStore()
    const admin = await signedInAdmin(backend)
    writeFileSync(join(backend.dir, SETTING_FILE_NAME), JSON.stringify({ ...SETTING, port: 'cinq' }))
    const wrongPort = await backend.call<{ setting: unknown; fileProblem: string }>('server/get', {}, admin)
    expect(wrongPort.setting).toBeNull()
    expect(wrongPort.fileProblem).toMatch(/marelle-serveur\.json : Port : /)
    writeFileSync(join(backend.dir, SETTING_FILE_NAME), '{ pas du json')
    expect(await backend.call('server/get', {}, admin)).toMatchObject({
      fileProblem: expect.stringMatching(/n’est pas un fichier JSON lisible/),
    })
    // A good save replaces the damaged file.
    await backend.call('server/save', SETTING, admin)
    expect(await backend.call('server/get', {}, admin)).toMatchObject({ setting: SETTING, fileProblem: null })
  })

  it('keeps no password without a store (web host): PGPASSWORD or .pgpass', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    expect(await backend.call('server/get', {}, admin)).toMatchObject({ password: 'environment' })
    const refused = await refusal('server/save', { ...SETTING, password: PASSWORD }, admin)
    expect(refused?.message).toMatch(
      /^Mot de passe : ce mode ne garde pas de mot de passe : donnez-le par la variable PGPASSWORD/,
    )
    await backend.call('server/save', SETTING, admin)
    expect(await auditEntries(backend, { entityType: 'server' })).toHaveLength(1)
  })

  it('on the desktop, takes only a CA file chosen in the dialog', async () => {
    const granted = new Set<string>()
    const desktop: DesktopFiles = {
      chooseSave: async () => null,
      chooseOpen: async () => [],
      consumeGrant: (path) => granted.delete(path),
    }
    withStore(desktop)
    const admin = await signedInAdmin(backend)
    const ca = join(backend.dir, 'autorite.pem')
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    const typed = await refusal('server/save', { ...SETTING, sslmode: 'verify-full', caFile: ca }, admin)
    expect(typed?.message).toBe(
      'Certificat de l’autorité (fichier CA) : choisissez le fichier avec le bouton « Choisir… »',
    )
    granted.add(ca)
    // Test then save: the file chosen once serves both.
    const tested = await backend.call<{ ok: boolean }>(
      'server/test',
      { ...SETTING, host: '127.0.0.1', port: 1, sslmode: 'verify-full', caFile: ca },
      admin,
    )
    expect(tested.ok).toBe(false)
    await backend.call('server/save', { ...SETTING, sslmode: 'verify-full', caFile: ca }, admin)
    expect(await backend.call('server/get', {}, admin)).toMatchObject({ setting: { caFile: ca } })
  })

  it('reports an unreachable server in French, with neither the password nor a stack trace', async () => {
    withStore()
    const admin = await signedInAdmin(backend)
    const result = await backend.call<{ ok: boolean; message: string; serverVersion: string | null }>(
      'server/test',
      { ...SETTING, host: '127.0.0.1', port: 1, sslmode: 'disable', password: PASSWORD },
      admin,
    )
    expect(result.ok).toBe(false)
    expect(result.serverVersion).toBeNull()
    expect(result.message).toMatch(
      /^Le serveur PostgreSQL ne répond pas \(marelle_app@127\.0\.0\.1:1\/marelle\)/,
    )
    expect(result.message).not.toContain(PASSWORD)
    expect(await auditEntries(backend, { entityType: 'server' })).toHaveLength(0)
  })
})
