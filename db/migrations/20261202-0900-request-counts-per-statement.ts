import type { Migration } from './types'

// The request counters on PostgreSQL, kept once per statement instead of once
// per row (docs/architecture.md, « Mode serveur », the request counters).
//
// The row triggers of request-state-counts (baseline, db/postgres/baseline/
// derived.ts) and request-kind-counts update the same counter row once per
// request: 50,000 requests taken in in one transaction are 50,000 versions of
// the 'pending' row, none of which PostgreSQL can prune while the transaction
// is open, and each update walks that chain (quadratic: 10,000 updates of one
// row 1.9 s, 20,000 6.0 s, 40,000 30.5 s). Here each INSERT, UPDATE or DELETE
// of requests moves each counter row once, by what the statement changed, read
// from its transition tables (the requests it added, the ones it removed; an
// UPDATE is both). An UPDATE that leaves a request's state, kind and review
// flag as they were adds and removes the same request: nothing is written.
//
// The triggers keep their names (those of SQLite's triggers, which the
// schema-parity test compares); on PostgreSQL they fire FOR EACH STATEMENT,
// and the UPDATE ones on every UPDATE of requests, since PostgreSQL refuses a
// column list on a trigger with transition tables.
//
// SQLite keeps its row triggers: there an update of one row in place costs
// the same the 50,000th time. Its form does nothing; the name is recorded on
// both engines, which list the same migrations.

/** The counter rows moved by `changes` (rows of state, kind, n, needs_review: +1 per added request, -1 per removed one). */
const moveStateCounts = (changes: string) => `
  INSERT INTO request_state_counts (state, n)
    SELECT state, sum(n) FROM (${changes}) AS changes GROUP BY state HAVING sum(n) <> 0
  ON CONFLICT (state) DO UPDATE SET n = request_state_counts.n + excluded.n;`

const moveKindCounts = (changes: string) => `
  INSERT INTO request_kind_counts (state, kind, n, needs_review)
    SELECT state, kind, sum(n), sum(needs_review) FROM (${changes}) AS changes
    GROUP BY state, kind HAVING sum(n) <> 0 OR sum(needs_review) <> 0
  ON CONFLICT (state, kind) DO UPDATE
    SET n = request_kind_counts.n + excluded.n,
        needs_review = request_kind_counts.needs_review + excluded.needs_review;`

const ADDED = 'SELECT state, kind, 1 AS n, needs_review FROM added_requests'
const REMOVED = 'SELECT state, kind, -1 AS n, -needs_review AS needs_review FROM removed_requests'

/** A statement-level trigger function moving one counter table by what the statement added and removed. */
const counter = (fn: string, move: (changes: string) => string) => `
  CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN ${move(ADDED)}
    ELSIF TG_OP = 'DELETE' THEN ${move(REMOVED)}
    ELSE ${move(`${ADDED} UNION ALL ${REMOVED}`)}
    END IF;
    RETURN NULL;
  END $$;`

/** The three triggers of one counter table, under SQLite's names. */
const triggers = (insert: string, del: string, update: string, fn: string) => `
  DROP TRIGGER ${insert} ON requests;
  DROP TRIGGER ${del} ON requests;
  DROP TRIGGER ${update} ON requests;
  CREATE TRIGGER ${insert} AFTER INSERT ON requests
    REFERENCING NEW TABLE AS added_requests FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
  CREATE TRIGGER ${del} AFTER DELETE ON requests
    REFERENCING OLD TABLE AS removed_requests FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
  CREATE TRIGGER ${update} AFTER UPDATE ON requests
    REFERENCING OLD TABLE AS removed_requests NEW TABLE AS added_requests
    FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`

export const requestCountsPerStatement: Migration = {
  name: '20261202-0900-request-counts-per-statement',
  up() {
    // SQLite: nothing to change (see above).
  },
  postgres: {
    async up(db) {
      await db.query(`
        ${counter('marelle_request_counts', moveStateCounts)}
        ${triggers('request_counts_insert', 'request_counts_delete', 'request_counts_state', 'marelle_request_counts')}
        ${counter('marelle_request_kind_counts', moveKindCounts)}
        ${triggers(
          'request_kind_counts_insert',
          'request_kind_counts_delete',
          'request_kind_counts_update',
          'marelle_request_kind_counts',
        )}
      `)
    },
  },
}
