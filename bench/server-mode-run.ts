import { adminUrl } from '../tests/pg/server'
import { measureServerMode } from './server-mode-measure'

// The server-mode suite inside pg_virtualenv (server-mode.ts starts it there
// when no server is named): the PG* variables point at the throw-away cluster.
const admin = adminUrl()
if (!admin) throw new Error('PGHOST… or MARELLE_TEST_PG_URL needed')
await measureServerMode((line) => console.log(line), admin)
// The shared city (demo.ts) and pools close at exit.
process.exit(0)
