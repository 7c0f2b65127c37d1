import { expect, it } from 'vitest'
import { openPostgres } from '../../src-main/backend/db/postgres/open'
import { describePg, pgAdminUrl, testDatabase } from './helpers'
import { databaseUrl } from './server'

const refusal = (url: string) =>
  openPostgres(url, { connectTimeoutMs: 3000 }).then(
    () => null,
    (e: { code?: string; message: string }) => e,
  )

describePg('opening a PostgreSQL database', () => {
  const pg = testDatabase()

  it('says in French that the database does not exist', async () => {
    const error = await refusal(databaseUrl(pgAdminUrl as string, 'marelle_absente'))
    expect(error).toMatchObject({ code: 'UNAVAILABLE' })
    expect(error?.message).toMatch(/La base PostgreSQL n’existe pas sur ce serveur \(.*\/marelle_absente\)/)
  })

  it('says in French that the server does not answer', async () => {
    const url = new URL(pg.url)
    url.hostname = '127.0.0.1'
    url.port = '1'
    const error = await refusal(url.toString())
    expect(error?.message).toMatch(/Le serveur PostgreSQL ne répond pas \(.*127\.0\.0\.1:1\//)
  })

  it('says in French that the login was refused, without showing the password', async () => {
    const url = new URL(pg.url)
    url.username = 'personne'
    url.password = 'secret-de-test'
    const error = await refusal(url.toString())
    expect(error?.message).toMatch(/Le serveur PostgreSQL refuse la connexion \(personne@/)
    expect(error?.message).not.toContain('secret-de-test')
  })

  it('refuses an address that is not PostgreSQL’s', async () => {
    const error = await refusal('marelle.db')
    expect(error).toMatchObject({ code: 'VALIDATION' })
  })
})
