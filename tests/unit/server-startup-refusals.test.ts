import type { ServerSetting } from '@shared/contract/server'
import { describe, expect, it } from 'vitest'
import { postgresError } from '../../src-main/backend/db/postgres/errors'
import { AppError } from '../../src-main/backend/errors'
import { connectionRefusal, migrateCommand, schemaRefusal } from '../../src-main/backend/server/startup'

// What the desktop's start-up screen says for each refusal of the server
// (server/startup.ts), from the French errors of db/postgres/errors.ts as
// openPostgres throws them. The real server's cases are in
// tests/integration/server-startup-pg.test.ts.

const SETTING: ServerSetting = {
  host: 'pg.mairie.local',
  port: 5432,
  database: 'marelle',
  user: 'marelle_app',
  sslmode: 'verify-full',
  caFile: '/etc/marelle/autorite.pem',
}
const URL = 'postgres://marelle_app@pg.mairie.local:5432/marelle?sslmode=verify-full'

function refusalOf(raw: unknown, hadPassword = true) {
  const error = postgresError(raw, URL)
  if (!error) throw new Error('not a PostgreSQL refusal')
  return connectionRefusal(error, SETTING, hadPassword)
}

describe('start-up refusals', () => {
  it('tells an unreachable server, a refused login (password asked), a missing database and TLS apart', () => {
    expect(refusalOf({ code: 'ECONNREFUSED' })).toMatchObject({ problem: 'unreachable', askPassword: false })
    expect(refusalOf({ code: 'ENOTFOUND' }).message).toMatch(
      /^Le serveur PostgreSQL pg\.mairie\.local:5432 ne répond pas\./,
    )
    const login = refusalOf({ code: '28P01' })
    expect(login).toMatchObject({ problem: 'login', askPassword: true })
    expect(login.message).toMatch(
      /^Le serveur PostgreSQL refuse la connexion de « marelle_app » .* mot de passe incorrect/,
    )
    expect(
      refusalOf({ message: 'SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string' }, false)
        .message,
    ).toContain('aucun mot de passe n’est gardé sur ce poste')
    expect(refusalOf({ code: '3D000' })).toMatchObject({ problem: 'database', askPassword: false })
    expect(refusalOf({ code: '3D000' }).message).toBe(
      'La base « marelle » n’existe pas sur le serveur pg.mairie.local:5432 : vérifiez son nom dans Paramètres (ou dans marelle-serveur.json), ou faites-la créer par l’administrateur du serveur.',
    )
    const tls = refusalOf({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      message: 'unable to verify the first certificate',
    })
    expect(tls.problem).toBe('tls')
    expect(tls.message).toMatch(/^Connexion chiffrée au serveur PostgreSQL impossible/)
  })

  it('gives the migrate command only when migrating is the cure', () => {
    const older = schemaRefusal(
      new AppError(
        'UNAVAILABLE',
        'La base du serveur PostgreSQL doit d’abord être mise à jour pour cette version de Marelle (20261201-1100) : l’administrateur lance « marelle --db postgres://… migrate », puis ce poste pourra s’y connecter.',
      ),
      SETTING,
    )
    expect(older.command).toBe(migrateCommand(SETTING))
    expect(older.command).toBe(
      'marelle --db "postgres://marelle_app@pg.mairie.local:5432/marelle?sslmode=verify-full&uselibpqcompat=true&sslrootcert=%2Fetc%2Fmarelle%2Fautorite.pem" migrate',
    )
    expect(older.message).toBe(
      'La base du serveur PostgreSQL doit d’abord être mise à jour pour cette version de Marelle (20261201-1100). Ce poste ne modifie jamais le schéma d’un serveur partagé : l’administrateur lance la commande ci-dessous (avec le rôle propriétaire de la base à la place de « marelle_app »), puis réessayez.',
    )
    const newer = schemaRefusal(
      new AppError(
        'UNAVAILABLE',
        'La base du serveur a été mise à jour par une version plus récente de Marelle (9999-12-31) : installez cette version-là sur ce poste.',
      ),
      SETTING,
    )
    expect(newer).toMatchObject({ problem: 'schema', command: null })
    expect(newer.message).toMatch(/installez cette version-là sur ce poste\.$/)
  })
})
