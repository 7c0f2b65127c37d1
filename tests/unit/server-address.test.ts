import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'pg-connection-string'
import { describe, expect, it } from 'vitest'
import { connectionUrl, displayUrl } from '../../src-main/backend/server/address'

// The address built from Paramètres → Serveur, read back the way pg reads it:
// libpq's meaning of sslmode, the password and names with URL characters intact.

const base = {
  host: 'pg.mairie.local',
  port: 5432,
  database: 'marelle',
  user: 'marelle_app',
  sslmode: 'disable' as const,
  caFile: null,
}

describe('the server address', () => {
  it('keeps a password with URL characters, and leaves it out of what is shown', () => {
    const password = 'p@ss:w/rd?#%é'
    const parsed = parse(connectionUrl(base, password))
    expect(parsed).toMatchObject({
      user: 'marelle_app',
      password,
      host: 'pg.mairie.local',
      port: '5432',
      database: 'marelle',
      ssl: false,
    })
    expect(displayUrl(base)).toBe('postgres://marelle_app@pg.mairie.local:5432/marelle?sslmode=disable')
    // No password in the address: pg reads PGPASSWORD or .pgpass (an empty one counts as none).
    expect(parse(connectionUrl(base, null)).password ?? '').toBe('')
  })

  it('gives libpq’s meaning to « exigé » (encrypted, not verified) and checks the certificate for « vérification complète »', () => {
    const required = parse(connectionUrl({ ...base, sslmode: 'require' }, null))
    expect(required.ssl).toMatchObject({ rejectUnauthorized: false })
    const dir = mkdtempSync(join(tmpdir(), 'marelle-ca-'))
    const ca = join(dir, 'autorité de la mairie.pem')
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n')
    const full = parse(connectionUrl({ ...base, sslmode: 'verify-full', caFile: ca }, null))
    expect(full.ssl).toEqual({ ca: '-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n' })
  })

  it('puts an IPv6 address in brackets', () => {
    const parsed = parse(connectionUrl({ ...base, host: 'fd00::10' }, null))
    expect(parsed.host).toBe('fd00::10')
  })
})
