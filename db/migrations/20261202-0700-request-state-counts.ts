import type { Migration } from './types'

// How many requests each state holds, kept by triggers whoever writes: the
// queue's pager shows the number of pending requests without counting them
// (50,000 entries of the queue's index, read from disk on the first page of
// a session: docs/architecture.md, « Validation groupée »). A filtered page
// still counts its own rows.
export const requestStateCounts: Migration = {
  name: '20261202-0700-request-state-counts',
  up(db) {
    db.exec(`
      CREATE TABLE request_state_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL);
      INSERT INTO request_state_counts (state, n) SELECT state, count(*) FROM requests GROUP BY state;
      CREATE TRIGGER request_counts_insert AFTER INSERT ON requests
      BEGIN
        INSERT INTO request_state_counts (state, n) VALUES (NEW.state, 1)
          ON CONFLICT (state) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER request_counts_delete AFTER DELETE ON requests
      BEGIN UPDATE request_state_counts SET n = n - 1 WHERE state = OLD.state; END;
      CREATE TRIGGER request_counts_state AFTER UPDATE OF state ON requests
      WHEN OLD.state IS NOT NEW.state
      BEGIN
        UPDATE request_state_counts SET n = n - 1 WHERE state = OLD.state;
        INSERT INTO request_state_counts (state, n) VALUES (NEW.state, 1)
          ON CONFLICT (state) DO UPDATE SET n = n + 1;
      END;
    `)
  },
}
