import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrations } from '@db/migrations/index'
import type { ServerSetting } from '@shared/contract/server'
import { describe, expect, it } from 'vitest'
import type { StaffContext } from '../../src-main/backend/context'
import { testServer } from '../../src-main/backend/server/test-connection'
import { describePg, pgAdminUrl, testDatabase } from './helpers'

// « Tester la connexion » of Paramètres → Serveur against a real server
// (tests/integration/server-setting.test.ts has the rest of the channel).
// The password is the test server's PGPASSWORD, read by pg itself, as in the
// web host; a wrong one is typed.

/** What the handler's context needs: where the setting file is, no store, no dialogs. */
function context(): StaffContext {
  const dir = mkdtempSync(join(tmpdir(), 'marelle-server-'))
  return { paths: { databasePath: join(dir, 'marelle.db') } } as StaffContext
}

function settingOf(database: string, overrides: Partial<ServerSetting> = {}): ServerSetting {
  const url = new URL(pgAdminUrl as string)
  return {
    host: url.hostname || 'localhost',
    port: Number(url.port || 5432),
    database,
    user: decodeURIComponent(url.username) || process.env.PGUSER || 'postgres',
    sslmode: 'disable',
    caFile: null,
    ...overrides,
  }
}

const tcp = pgAdminUrl !== null && new URL(pgAdminUrl).hostname !== ''
const expected = migrations.at(-1)?.name
const describeTcp = tcp ? describePg : describe.skip

describeTcp('testing the server setting on a real server', () => {
  const migrated = testDatabase()
  const empty = testDatabase({ empty: true })

  it('says the schema is this version’s', async () => {
    const result = await testServer(context(), settingOf(migrated.name))
    expect(result).toMatchObject({
      ok: true,
      serverVersion: expected,
      expectedVersion: expected,
      encrypted: false,
    })
    expect(result.message).toMatch(
      /^Connexion réussie à .*\/t_[0-9a-f]+ \(connexion non chiffrée\) ; schéma à jour/,
    )
  })

  it('says what to do with an empty or older database', async () => {
    const blank = await testServer(context(), settingOf(empty.name))
    expect(blank).toMatchObject({ ok: false, serverVersion: '' })
    expect(blank.message).toMatch(
      /La base du serveur est vide \(aucune migration\) : demandez à l’administrateur de lancer `marelle --db postgres:\/\/… migrate`/,
    )
    const last = expected as string
    await migrated.pg.pool.query('DELETE FROM schema_migrations WHERE name = $1', [last])
    try {
      const older = await testServer(context(), settingOf(migrated.name))
      expect(older.ok).toBe(false)
      expect(older.message).toContain(`n’est pas celui de cette version de Marelle (${last})`)
      expect(older.message).toContain(
        'demandez à l’administrateur de lancer `marelle --db postgres://… migrate`',
      )
    } finally {
      await migrated.pg.pool.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
        last,
        new Date().toISOString(),
      ])
    }
  })

  it('says a newer version of Marelle migrated the server', async () => {
    await migrated.pg.pool.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
      '9999-12-31-version-future',
      new Date().toISOString(),
    ])
    try {
      const newer = await testServer(context(), settingOf(migrated.name))
      expect(newer).toMatchObject({ ok: false, serverVersion: '9999-12-31-version-future' })
      expect(newer.message).toMatch(
        /version plus récente de Marelle \(9999-12-31-version-future\) : installez cette version-là/,
      )
    } finally {
      await migrated.pg.pool.query('DELETE FROM schema_migrations WHERE name = $1', [
        '9999-12-31-version-future',
      ])
    }
  })

  it('says the database is missing, or the login refused, without the password', async () => {
    const missing = await testServer(context(), settingOf('marelle_absente'))
    expect(missing.ok).toBe(false)
    expect(missing.message).toMatch(/^La base PostgreSQL n’existe pas sur ce serveur/)
    const refused = await testServer(context(), {
      ...settingOf(migrated.name, { user: 'personne' }),
      password: 'faux-mot-de-passe-9',
    })
    expect(refused.message).toMatch(/^Le serveur PostgreSQL refuse la connexion \(personne@/)
    expect(refused.message).not.toContain('faux-mot-de-passe-9')
  })

  it('says when the TLS connection cannot be made or its certificate is not the authority’s', async () => {
    const { rows } = await migrated.pg.pool.query<{ ssl: string }>('SHOW ssl')
    const dir = mkdtempSync(join(tmpdir(), 'marelle-ca-'))
    // A real certificate, of an authority that signed nothing on this server.
    const ca = join(dir, 'autre-autorite.pem')
    writeFileSync(ca, OTHER_AUTHORITY)
    const verified = await testServer(
      context(),
      settingOf(migrated.name, { sslmode: 'verify-full', caFile: ca }),
    )
    expect(verified.ok).toBe(false)
    expect(verified.message).toMatch(/^Connexion chiffrée au serveur PostgreSQL impossible/)
    if (rows[0]?.ssl === 'on') {
      const required = await testServer(context(), settingOf(migrated.name, { sslmode: 'require' }))
      expect(required).toMatchObject({ ok: true, encrypted: true })
      expect(required.message).toContain('connexion chiffrée, certificat non vérifié')
    } else {
      const required = await testServer(context(), settingOf(migrated.name, { sslmode: 'require' }))
      expect(required.message).toMatch(/^Connexion chiffrée au serveur PostgreSQL impossible/)
    }
  })
})

/** ISRG Root X1 (Let's Encrypt's root), public: it signed no certificate of the test server. */
const OTHER_AUTHORITY = `-----BEGIN CERTIFICATE-----
MIIFazCCA1OgAwIBAgIRAIIQz7DSQONZRGPgu2OCiwAwDQYJKoZIhvcNAQELBQAw
TzELMAkGA1UEBhMCVVMxKTAnBgNVBAoTIEludGVybmV0IFNlY3VyaXR5IFJlc2Vh
cmNoIEdyb3VwMRUwEwYDVQQDEwxJU1JHIFJvb3QgWDEwHhcNMTUwNjA0MTEwNDM4
WhcNMzUwNjA0MTEwNDM4WjBPMQswCQYDVQQGEwJVUzEpMCcGA1UEChMgSW50ZXJu
ZXQgU2VjdXJpdHkgUmVzZWFyY2ggR3JvdXAxFTATBgNVBAMTDElTUkcgUm9vdCBY
MTCCAiIwDQYJKoZIhvcNAQEBBQADggIPADCCAgoCggIBAK3oJHP0FDfzm54rVygc
h77ct984kIxuPOZXoHj3dcKi/vVqbvYATyjb3miGbESTtrFj/RQSa78f0uoxmyF+
0TM8ukj13Xnfs7j/EvEhmkvBioZxaUpmZmyPfjxwv60pIgbz5MDmgK7iS4+3mX6U
A5/TR5d8mUgjU+g4rk8Kb4Mu0UlXjIB0ttov0DiNewNwIRt18jA8+o+u3dpjq+sW
T8KOEUt+zwvo/7V3LvSye0rgTBIlDHCNAymg4VMk7BPZ7hm/ELNKjD+Jo2FR3qyH
B5T0Y3HsLuJvW5iB4YlcNHlsdu87kGJ55tukmi8mxdAQ4Q7e2RCOFvu396j3x+UC
B5iPNgiV5+I3lg02dZ77DnKxHZu8A/lJBdiB3QW0KtZB6awBdpUKD9jf1b0SHzUv
KBds0pjBqAlkd25HN7rOrFleaJ1/ctaJxQZBKT5ZPt0m9STJEadao0xAH0ahmbWn
OlFuhjuefXKnEgV4We0+UXgVCwOPjdAvBbI+e0ocS3MFEvzG6uBQE3xDk3SzynTn
jh8BCNAw1FtxNrQHusEwMFxIt4I7mKZ9YIqioymCzLq9gwQbooMDQaHWBfEbwrbw
qHyGO0aoSCqI3Haadr8faqU9GY/rOPNk3sgrDQoo//fb4hVC1CLQJ13hef4Y53CI
rU7m2Ys6xt0nUW7/vGT1M0NPAgMBAAGjQjBAMA4GA1UdDwEB/wQEAwIBBjAPBgNV
HRMBAf8EBTADAQH/MB0GA1UdDgQWBBR5tFnme7bl5AFzgAiIyBpY9umbbjANBgkq
hkiG9w0BAQsFAAOCAgEAVR9YqbyyqFDQDLHYGmkgJykIrGF1XIpu+ILlaS/V9lZL
ubhzEFnTIZd+50xx+7LSYK05qAvqFyFWhfFQDlnrzuBZ6brJFe+GnY+EgPbk6ZGQ
3BebYhtF8GaV0nxvwuo77x/Py9auJ/GpsMiu/X1+mvoiBOv/2X/qkSsisRcOj/KK
NFtY2PwByVS5uCbMiogziUwthDyC3+6WVwW6LLv3xLfHTjuCvjHIInNzktHCgKQ5
ORAzI4JMPJ+GslWYHb4phowim57iaztXOoJwTdwJx4nLCgdNbOhdjsnvzqvHu7Ur
TkXWStAmzOVyyghqpZXjFaH3pO3JLF+l+/+sKAIuvtd7u+Nxe5AW0wdeRlN8NwdC
jNPElpzVmbUq4JUagEiuTDkHzsxHpFKVK7q4+63SM1N95R1NbdWhscdCb+ZAJzVc
oyi3B43njTOQ5yOf+1CceWxG1bQVs5ZufpsMljq4Ui0/1lvh+wjChP4kqKOJ2qxq
4RgqsahDYVvTH9w7jXbyLeiNdd8XM2w9U/t7y0Ff/9yi0GE44Za4rF2LN9d11TPA
mRGunUHBcnWEvgJBQl9nJEiU0Zsnvgc/ubhPgXRR4Xq37Z0j4r7g1SgEEzwxA57d
emyPxgcYxn/eR44/KJ4EBs+lVDR3veyJm+kXQ99b21/+jh5Xos1AnX5iItreGCc=
-----END CERTIFICATE-----
`
