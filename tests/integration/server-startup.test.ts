import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerSetting, ServerStartupState } from '@shared/contract/server'
import type { Envelope } from '@shared/errors'
import { afterEach, describe, expect, it } from 'vitest'
import { startBackend } from '../../src-main/backend/bootstrap'
import type { Session } from '../../src-main/backend/context'
import { startKeyedBackend } from '../../src-main/backend/encryption/unlock'
import type { SecretStore, StoredSecret } from '../../src-main/backend/server/secret-store'
import { testFileSecretStore } from '../../src-main/backend/server/secret-store-test-file'
import { SETTING_FILE_NAME, writeSettingFile } from '../../src-main/backend/server/setting-file'
import { type StartupGate, startDesktopBackend } from '../../src-main/backend/server/startup'
import { ADMIN_INPUT, silentLog } from '../helpers/backend'

// The desktop's start-up from marelle-serveur.json (server/startup.ts), what
// the Electron shell runs: without the file the local database opens as
// before; with it, a server that cannot be used is refused in French, never
// replaced silently by the local file, and only an administrator of the local
// file brings the desktop back to it (audited there). The cases that need a
// real server are in server-startup-pg.test.ts.

/** No server listens on port 1 of this machine: refused at once. */
const NOBODY: ServerSetting = {
  host: '127.0.0.1',
  port: 1,
  database: 'marelle',
  user: 'marelle_app',
  sslmode: 'disable',
  caFile: null,
}

let dir: string
let gate: StartupGate | null = null
afterEach(async () => {
  await gate?.close()
  gate = null
  rmSync(dir, { recursive: true, force: true })
})

/** A local file with an administrator (ADMIN_INPUT) and a manager (« resp »). */
async function localFileWithStaff(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'marelle-startup-'))
  const databasePath = join(dir, 'marelle.db')
  const backend = startBackend({ databasePath, log: silentLog })
  const admin: Session = { staffId: null }
  const setup = await backend.dispatch('auth/setupAdmin', ADMIN_INPUT, admin)
  expect(setup.ok).toBe(true)
  const created = await backend.dispatch(
    'staff/create',
    {
      login: 'resp',
      displayName: 'Dominique Resp',
      role: 'responsable',
      password: 'Marelle-2026!',
      provisional: false,
    },
    admin,
  )
  expect(created.ok).toBe(true)
  await backend.close()
  return databasePath
}

function start(databasePath: string, serverSecrets?: SecretStore): StartupGate {
  gate = startDesktopBackend({
    databasePath,
    serverSecrets,
    log: silentLog,
    startLocal: () => startKeyedBackend({ databasePath, log: silentLog }),
    server: { localDir: dir },
    connectTimeoutMs: 3000,
  })
  return gate
}

async function state(
  g: StartupGate,
  channel = 'server/startupState',
  input: unknown = {},
  session?: Session,
) {
  const envelope = (await g.dispatch(
    channel,
    input,
    session ?? { staffId: null },
  )) as Envelope<ServerStartupState>
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { payload: envelope.error })
  return envelope.value
}

async function refusal(g: StartupGate, channel: string, input: unknown, session: Session) {
  const envelope = await g.dispatch(channel, input, session)
  if (envelope.ok) throw new Error(`${channel} was not refused`)
  return envelope.error
}

function unreadableStore(): SecretStore {
  return {
    description: 'coffre de test illisible',
    load: (): StoredSecret => ({ state: 'unreadable', reason: 'protégé pour un autre utilisateur' }),
    save: () => {
      throw new Error('not in this test')
    },
    clear: () => {},
  }
}

describe('desktop start-up', () => {
  it('opens the local file as before when no server is set', async () => {
    const g = start(await localFileWithStaff())
    expect(g.current()?.services.storage.kind).toBe('sqlite')
    expect(await state(g)).toMatchObject({ state: 'open', mode: 'sqlite', problem: null })
    const status = await g.dispatch('auth/status', {}, { staffId: null })
    expect(status).toMatchObject({ ok: true, value: { needsSetup: false } })
  })

  it('refuses a server that does not answer, in French, and keeps every other channel closed', async () => {
    const databasePath = await localFileWithStaff()
    writeSettingFile(join(dir, SETTING_FILE_NAME), NOBODY)
    const g = start(databasePath)
    const refused = await state(g)
    expect(refused).toMatchObject({
      state: 'refused',
      problem: 'unreachable',
      askPassword: false,
      command: null,
      address: 'postgres://marelle_app@127.0.0.1:1/marelle?sslmode=disable',
      localNeedsAdministrator: true,
    })
    expect(refused.message).toMatch(
      /^Le serveur PostgreSQL 127\.0\.0\.1:1 ne répond pas\. Vérifiez qu’il est démarré/,
    )
    expect(g.current()).toBeNull()
    const closed = await refusal(g, 'auth/status', {}, { staffId: null })
    expect(closed).toMatchObject({ code: 'UNAVAILABLE', message: refused.message })
    // Trying again meets the same refusal (the file was not replaced by the local one).
    expect(await state(g, 'server/startupRetry', {})).toMatchObject({
      state: 'refused',
      problem: 'unreachable',
    })
    expect(existsSync(join(dir, SETTING_FILE_NAME))).toBe(true)
  })

  it('goes back to the local file for an administrator only, audited in it, the setting removed', async () => {
    const databasePath = await localFileWithStaff()
    writeSettingFile(join(dir, SETTING_FILE_NAME), NOBODY)
    const store = testFileSecretStore(join(dir, 'secret.json'))
    store.save('ancien-mot-de-passe')
    const g = start(databasePath, store)
    expect((await state(g)).state).toBe('refused')
    const session: Session = { staffId: null }

    const none = await refusal(g, 'server/startupUseLocal', {}, session)
    expect(none.message).toBe(
      'Revenir à la base locale : un administrateur de ce poste saisit son identifiant et son mot de passe.',
    )
    const wrong = await refusal(
      g,
      'server/startupUseLocal',
      { login: 'admin', password: 'pas-le-bon' },
      session,
    )
    expect(wrong.code).toBe('UNAUTHENTICATED')
    const manager = await refusal(
      g,
      'server/startupUseLocal',
      { login: 'resp', password: 'Marelle-2026!' },
      session,
    )
    expect(manager).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Seul un administrateur peut faire revenir ce poste à sa base locale.',
    })
    expect(session.staffId).toBeNull()
    expect(g.current()).toBeNull()
    expect(existsSync(join(dir, SETTING_FILE_NAME))).toBe(true)

    const back = await state(
      g,
      'server/startupUseLocal',
      { login: ADMIN_INPUT.login, password: ADMIN_INPUT.password },
      session,
    )
    expect(back).toMatchObject({ state: 'open', mode: 'sqlite' })
    expect(existsSync(join(dir, SETTING_FILE_NAME))).toBe(false)
    expect(store.load().state).toBe('absent')
    // The window is signed in as the administrator who chose.
    const status = await g.dispatch('auth/status', {}, session)
    expect(status).toMatchObject({ ok: true, value: { staff: { login: 'admin', role: 'administrateur' } } })
    const backend = g.current()
    if (!backend) throw new Error('local file not open')
    const entry = await backend.services.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'changes', 'note'])
      .where('action', '=', 'server.clear')
      .executeTakeFirstOrThrow()
    expect(entry.actor).toBe(ADMIN_INPUT.displayName)
    expect(JSON.parse(entry.changes ?? '[]')).toEqual([
      {
        field: 'address',
        label: 'Serveur',
        before: 'postgres://marelle_app@127.0.0.1:1/marelle?sslmode=disable',
        after: null,
      },
    ])
    expect(entry.note).toBe(
      'Au démarrage, le serveur ne répondait pas : ce poste revient à sa base locale (choix d’un administrateur) ; le réglage du serveur est retiré.',
    )
    expect(await g.opened).toBe(backend)
  })

  it('goes back at once to a local file with no account yet (its first administrator is created next)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'marelle-startup-'))
    writeSettingFile(join(dir, SETTING_FILE_NAME), NOBODY)
    const g = start(join(dir, 'marelle.db'))
    expect(await state(g)).toMatchObject({ state: 'refused', localNeedsAdministrator: false })
    expect(await state(g, 'server/startupUseLocal', {})).toMatchObject({ state: 'open', mode: 'sqlite' })
    expect(existsSync(join(dir, SETTING_FILE_NAME))).toBe(false)
    expect(await g.dispatch('auth/status', {}, { staffId: null })).toMatchObject({
      ok: true,
      value: { needsSetup: true },
    })
  })

  it('asks for the password when the one kept cannot be read here, without trying the server', async () => {
    const databasePath = await localFileWithStaff()
    writeSettingFile(join(dir, SETTING_FILE_NAME), NOBODY)
    const g = start(databasePath, unreadableStore())
    const asked = await state(g)
    expect(asked).toMatchObject({ state: 'refused', problem: 'password', askPassword: true })
    expect(asked.message).toBe(
      'Le mot de passe du serveur gardé sur ce poste n’est pas lisible ici : protégé pour un autre utilisateur. Saisissez-le à nouveau ; il sera de nouveau gardé sur ce poste.',
    )
    // Typed, it is tried: this server does not answer, and the password is not kept.
    expect(await state(g, 'server/startupRetry', { password: 'essai' })).toMatchObject({
      problem: 'unreachable',
    })
    const empty = await refusal(g, 'server/startupRetry', { password: '' }, { staffId: null })
    expect(empty.message).toBe('Mot de passe : saisissez le mot de passe du serveur')
  })

  it('says which file is wrong when marelle-serveur.json cannot be used, and reads it again on retry', async () => {
    const databasePath = await localFileWithStaff()
    const path = join(dir, SETTING_FILE_NAME)
    writeFileSync(path, '{ "host": ')
    const g = start(databasePath)
    const damaged = await state(g)
    expect(damaged).toMatchObject({ state: 'refused', problem: 'setting', address: null })
    expect(damaged.message).toBe(
      `Le réglage du serveur de ce poste n’est pas utilisable : ${path} n’est pas un fichier JSON lisible : corrigez-le ou enregistrez à nouveau le serveur dans Paramètres. Réessayez une fois le fichier corrigé, ou revenez à la base locale.`,
    )
    writeSettingFile(path, NOBODY)
    expect(await state(g, 'server/startupRetry', {})).toMatchObject({ problem: 'unreachable' })
  })
})
