// A second process that keeps writing to a Marelle database, as the app does
// while an administrator runs `marelle backup`: one small transaction every
// few milliseconds until it is killed. Prints "ready" after its first commit.
import BetterSqlite3 from 'better-sqlite3'

const [path] = process.argv.slice(2)
const db = new BetterSqlite3(path)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
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
  Atomics.wait(pause, 0, 0, 2)
}
