import type { OpenDatabase } from './open'

// When the write-ahead journal is copied into the file, for a worker's job
// (jobs/worker-entry.ts): after the result is given, not at COMMIT, so that
// staff see the result at once; the copy (a PASSIVE checkpoint) blocks
// neither readers nor writers. For an encrypted file it decrypts and
// encrypts every page again, the larger part of a big import's COMMIT
// (docs/chiffrement.md, « Mesures »).

/** SQLite's automatic copy after this many pages of journal (its default). */
const AUTO_CHECKPOINT_PAGES = 1000

/** Stops the automatic copies of the journal on `opened`; the function returned starts them again. */
export function deferJournalCopy(opened: OpenDatabase): () => void {
  opened.sqlite.pragma('wal_autocheckpoint = 0')
  return () => {
    opened.sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`)
  }
}

/**
 * Copies the journal into the file now, as far as readers allow: a PASSIVE
 * checkpoint, so what a busy reader still needs stays in the journal for the
 * next one. A failure loses nothing (the journal keeps it).
 */
export function copyJournalNow(opened: OpenDatabase): void {
  opened.sqlite.pragma('wal_checkpoint(PASSIVE)')
}
