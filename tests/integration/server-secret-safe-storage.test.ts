import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SECRET_FILE_NAME, safeStorageSecretStore } from '../../src-main/shell/secret-store-safe-storage'
import { safeStorageProfile as profile } from '../helpers/safe-storage-profile'

// The PostgreSQL password of Paramètres kept with safeStorage, with a stand-in
// for the system's protection (a secret per "Windows profile"), as in
// encryption-keystore-safe-storage.test.ts for the database key.

const PASSWORD = 'Mot de passe du serveur : é€ 42'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-secret-store-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the server password kept with safeStorage', () => {
  it('writes only what the system protected, and reads it back for this profile only', () => {
    const mine = profile()
    const store = safeStorageSecretStore(dir, mine)
    expect(store.load()).toEqual({ state: 'absent' })
    store.save(PASSWORD)
    const file = readFileSync(join(dir, SECRET_FILE_NAME), 'utf8')
    expect(file).not.toContain(PASSWORD)
    expect(file).not.toContain(Buffer.from(PASSWORD).toString('base64'))
    expect(store.load()).toEqual({ state: 'present', password: PASSWORD })
    expect(safeStorageSecretStore(dir, profile()).load()).toMatchObject({
      state: 'unreadable',
      reason: 'le mot de passe a été protégé pour un autre utilisateur ou un autre poste',
    })
    store.clear()
    expect(store.load()).toEqual({ state: 'absent' })
  })

  it('refuses to keep it without a system store, in French, and says a damaged file is unreadable', () => {
    expect(() => safeStorageSecretStore(dir, profile({ available: false })).save(PASSWORD)).toThrow(
      /ne peut pas garder le mot de passe du serveur sur ce poste : le système ne fournit pas de coffre/,
    )
    if (process.platform === 'linux')
      expect(() => safeStorageSecretStore(dir, profile({ backend: 'basic_text' })).save(PASSWORD)).toThrow(
        /aucun trousseau de clés n’est ouvert/,
      )
    writeFileSync(join(dir, SECRET_FILE_NAME), '{"format":"autre"}')
    expect(safeStorageSecretStore(dir, profile()).load()).toMatchObject({ state: 'unreadable' })
  })
})
