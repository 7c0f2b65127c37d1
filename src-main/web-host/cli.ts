import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startServerBackend } from '../backend/bootstrap'
import { describeTarget } from '../backend/db/postgres/errors'
import { KEY_VARIABLE, keyFromSources } from '../backend/encryption/key-source'
import { testFileKeyStore } from '../backend/encryption/key-store-test-file'
import { AppError } from '../backend/errors'
import { testFileSecretStore } from '../backend/server/secret-store-test-file'
import { databaseTarget, isPostgresUrl } from '../cli/postgres-target'
import { startWebHost } from './server'

// `npm run web [-- --db FICHIER --port N --key-file FICHIER]`: the renderer in
// any browser of this machine, for development and end-to-end tests. The key of
// an encrypted database: --key-file or MARELLE_DB_KEY (docs/chiffrement.md).
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string' },
    static: { type: 'string' },
    'key-file': { type: 'string' },
  },
})
// --db, or else MARELLE_DATABASE_URL (as for the command line): a SQLite file,
// or a postgres:// address whose schema the administrator migrated (server mode,
// docs/architecture.md); this host's own files then go in .cache/web.
const target = databaseTarget(values.db) ?? '.cache/web/marelle.db'
const onServer = isPostgresUrl(target)
const databasePath = onServer ? resolve('.cache/web/serveur-postgresql') : resolve(target)
mkdirSync(dirname(databasePath), { recursive: true })

/** A refusal in French (no key, wrong key…), without a stack trace: exit code 1. */
function refuse(error: unknown): never {
  if (!(error instanceof AppError)) throw error
  console.error(error.message)
  process.exit(1)
}

let key: Buffer | null = null
try {
  key = keyFromSources(values['key-file'] && resolve(values['key-file']), process.env[KEY_VARIABLE])
} catch (error) {
  refuse(error)
}

const log = {
  info: (m: string) => console.log(m),
  warn: (m: string) => console.warn(m),
  error: (m: string, ...rest: unknown[]) => console.error(m, ...rest),
}
// TEST ONLY as well: the server password of Paramètres in a file, in clear. Without
// it the web host keeps no password: PGPASSWORD or .pgpass (docs/architecture.md).
const serverSecrets = process.env.MARELLE_TEST_SECRET_STORE
  ? testFileSecretStore(resolve(process.env.MARELLE_TEST_SECRET_STORE))
  : undefined
const started = onServer
  ? await startServerBackend({
      databaseUrl: target,
      localDir: dirname(databasePath),
      log,
      serverSecrets,
      maxConnections: 8,
      applicationName: 'marelle web',
    }).catch(refuse)
  : undefined

const host = await startWebHost({
  databasePath,
  started,
  key,
  staticDir: resolve(values.static ?? 'out/web'),
  port: values.port ? Number(values.port) : 0,
  // TEST ONLY: a key store in a file (key in clear), for the end-to-end tests of
  // the encryption screens; the desktop app keeps the key with safeStorage (docs/chiffrement.md).
  keyStore: process.env.MARELLE_TEST_KEY_STORE
    ? testFileKeyStore(resolve(process.env.MARELLE_TEST_KEY_STORE))
    : undefined,
  serverSecrets,
  log,
}).catch(refuse)
console.log(`Base de données : ${onServer ? `serveur PostgreSQL ${describeTarget(target)}` : databasePath}`)
console.log(`Marelle (mode web) : ${host.url}`)
console.log('Arrêt : Ctrl+C')

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (closing) return
    closing = true
    host.close().then(() => process.exit(0))
  })
