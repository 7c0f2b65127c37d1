// A second process that keeps writing to a Marelle database, as a busy app
// or a running import does while an administrator runs `marelle backup`:
// small transactions back to back (or every PAUSE_MS milliseconds, second
// argument) until it is killed. Prints "ready" after its first commit.
// SQLite's stepwise backup API restarts on each of these commits and never
// ends (tests/integration/backup-under-writer.test.ts).
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'

const [path, pauseArg] = process.argv.slice(2)
const pauseMs = Number(pauseArg ?? 0)
const db = new BetterSqlite3(path)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = OFF') // commits as fast as the disk allows: a write lands between any two steps
db.pragma('busy_timeout = 5000')
db.exec(
  'CREATE TABLE IF NOT EXISTS writer_probe (n INTEGER PRIMARY KEY, at TEXT NOT NULL, pad BLOB NOT NULL)',
)
const insert = db.prepare('INSERT INTO writer_probe (at, pad) VALUES (?, randomblob(2000))')
const touch = db.prepare('UPDATE settings SET updated_at = ? WHERE key = (SELECT key FROM settings LIMIT 1)')
const write = db.transaction(() => {
  const now = new Date().toISOString()
  insert.run(now)
  touch.run(now)
})
const pause = new Int32Array(new SharedArrayBuffer(4))
let first = true
for (;;) {
  write()
  if (first) {
    process.stdout.write('ready\n')
    first = false
  }
  if (pauseMs > 0) Atomics.wait(pause, 0, 0, pauseMs)
}
