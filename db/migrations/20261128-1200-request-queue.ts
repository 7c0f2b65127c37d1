import type { Migration } from './types'

// The request queue's own columns. `subject` names what a request is about
// (the responsable of family 12, the person "VOISNE TEST" of child 40…): a
// newer pending request on the same subject may replace an older one, and
// finding those must not scan the queue. `resolution` is the note staff and
// scripts read on how a request was closed (reply aside, which is for the
// family).
export const requestQueue: Migration = {
  name: '20261128-1200-request-queue',
  up(db) {
    db.exec(`
      ALTER TABLE requests ADD COLUMN subject TEXT NOT NULL DEFAULT '';
      ALTER TABLE requests ADD COLUMN resolution TEXT;
      CREATE INDEX requests_subject ON requests (subject, state, submitted_at_utc);
      CREATE INDEX requests_replaced_by ON requests (replaced_by) WHERE replaced_by IS NOT NULL;
    `)
  },
}
