import type { Migration } from './types'

// A request received on paper or by phone has the day staff typed, and a
// time only when they typed one too: submitted_time_known = 0 says the time
// in submitted_at (midnight) stands for "some time that day", so that the
// screens show the day alone rather than a time nobody entered.
export const requestTimeKnown: Migration = {
  name: '20261201-1100-request-time-known',
  up(db) {
    db.exec(`
      ALTER TABLE requests ADD COLUMN submitted_time_known INTEGER NOT NULL DEFAULT 1
        CHECK (submitted_time_known IN (0, 1));
    `)
  },
}
