import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
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
// --db, or else MARELLE_DATABASE_URL (as for the command line). A postgres://
// address is recognised but not served yet: the services still run on a file.
const target = databaseTarget(values.db) ?? '.cache/web/marelle.db'
if (isPostgresUrl(target)) {
  console.error(
    'Le mode web ne travaille pas encore sur un serveur PostgreSQL : donnez un fichier SQLite (--db FICHIER). Le serveur se prépare avec « marelle --db postgres://… migrate ».',
  )
  process.exit(1)
}
const databasePath = resolve(target)
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

const host = await startWebHost({
  databasePath,
  key,
  staticDir: resolve(values.static ?? 'out/web'),
  port: values.port ? Number(values.port) : 0,
  // TEST ONLY: a key store in a file (key in clear), for the end-to-end tests of
  // the encryption screens; the desktop app keeps the key with safeStorage (docs/chiffrement.md).
  keyStore: process.env.MARELLE_TEST_KEY_STORE
    ? testFileKeyStore(resolve(process.env.MARELLE_TEST_KEY_STORE))
    : undefined,
  // TEST ONLY as well: the server password of Paramètres in a file, in clear. Without
  // it the web host keeps no password: PGPASSWORD or .pgpass (docs/architecture.md).
  serverSecrets: process.env.MARELLE_TEST_SECRET_STORE
    ? testFileSecretStore(resolve(process.env.MARELLE_TEST_SECRET_STORE))
    : undefined,
  log: {
    info: (m) => console.log(m),
    warn: (m) => console.warn(m),
    error: (m, ...rest) => console.error(m, ...rest),
  },
}).catch(refuse)
console.log(`Base de données : ${databasePath}`)
console.log(`Marelle (mode web) : ${host.url}`)
console.log('Arrêt : Ctrl+C')

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (closing) return
    closing = true
    host.close().then(() => process.exit(0))
  })
