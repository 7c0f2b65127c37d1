import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { EraseStorage } from '../types'

// What SQLite keeps of erased text after the rows are changed, and how the
// retention makes the file itself forget it (docs/conservation.md, « Dans le
// fichier »):
//
// - SQLite leaves deleted cells and freed pages as they were. With
//   secure_delete on during the transaction, it overwrites them with zeros;
// - earlier writes (an update, the demo, an import) left older versions of
//   rows in the free space of pages, which secure_delete does not reach:
//   VACUUM after the commit rebuilds the file from the live rows only (it
//   needs free disk space for a copy, and a moment on a city's database);
// - the write-ahead log still holds earlier versions of the pages: a
//   TRUNCATE checkpoint after the VACUUM empties it (incomplete while another
//   connection reads; it then happens at a later checkpoint).
//
// The search indexes' part is in ./search.ts (forget).

const isBusy = (error: unknown) => {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

export function sqliteErase(sqlite: Database): EraseStorage {
  return {
    /** Runs `work` with secure_delete on for this connection, then puts the previous value back. */
    async securely(work) {
      const before = sqlite.pragma('secure_delete', { simple: true }) as number
      sqlite.pragma('secure_delete = ON')
      try {
        return await work()
      } finally {
        sqlite.pragma(`secure_delete = ${before === 1 ? 'ON' : before === 2 ? 'FAST' : 'OFF'}`)
      }
    },
    /** VACUUM, then a TRUNCATE checkpoint; false when another connection kept them from completing. */
    async compact() {
      try {
        sqlite.exec('VACUUM')
      } catch (error) {
        if (isBusy(error)) return false
        throw error
      }
      const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
      return result === undefined || result.busy === 0
    },
  }
}
