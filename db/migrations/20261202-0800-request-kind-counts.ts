import type { Migration } from './types'

// The queue's two remaining slow reads (docs/architecture.md, « Le stockage »,
// the queue's paragraphs):
// - how many requests each state holds per kind, and how many of them need
//   a review, kept by triggers whoever writes: the dashboard's and the
//   queue's counters and the pager's totals read these numbers instead of
//   counting the 50,000 pending rows;
// - the decided requests most recent first, served by an index in that
//   order (the pending ones, with no decision date, are not in it), so that
//   a decided page reads its entries instead of sorting every decided row.
// request_state_counts (migration request-state-counts) stays as it is:
// the consistency check and the transfer compare it.

/** The table, filled from the requests already there; each engine's own column types. */
const table = (text: string, integer: string) => `
  CREATE TABLE request_kind_counts (
    state ${text} NOT NULL,
    kind ${text} NOT NULL,
    n ${integer} NOT NULL,
    needs_review ${integer} NOT NULL,
    PRIMARY KEY (state, kind)
  );
  INSERT INTO request_kind_counts (state, kind, n, needs_review)
    SELECT state, kind, count(*), sum(needs_review) FROM requests GROUP BY state, kind;
`

const INDEX = `
  CREATE INDEX requests_decided_order ON requests (decided_at, id, state) WHERE state <> 'pending';
`

/** The statements adding NEW's request to the counts (the same on both engines). */
const ADD = `
  INSERT INTO request_kind_counts (state, kind, n, needs_review) VALUES (NEW.state, NEW.kind, 1, NEW.needs_review)
    ON CONFLICT (state, kind) DO UPDATE
    SET n = request_kind_counts.n + 1, needs_review = request_kind_counts.needs_review + excluded.needs_review;
`
const REMOVE = `
  UPDATE request_kind_counts SET n = n - 1, needs_review = needs_review - OLD.needs_review
  WHERE state = OLD.state AND kind = OLD.kind;
`

export const requestKindCounts: Migration = {
  name: '20261202-0800-request-kind-counts',
  up(db) {
    db.exec(`
      ${table('TEXT', 'INTEGER')}
      CREATE TRIGGER request_kind_counts_insert AFTER INSERT ON requests
      BEGIN ${ADD} END;
      CREATE TRIGGER request_kind_counts_delete AFTER DELETE ON requests
      BEGIN ${REMOVE} END;
      CREATE TRIGGER request_kind_counts_update AFTER UPDATE OF state, kind, needs_review ON requests
      WHEN OLD.state IS NOT NEW.state OR OLD.kind IS NOT NEW.kind OR OLD.needs_review IS NOT NEW.needs_review
      BEGIN ${REMOVE} ${ADD} END;
      ${INDEX}
    `)
  },
  postgres: {
    async up(db) {
      await db.query(`
        ${table('text COLLATE "C"', 'bigint')}
        CREATE FUNCTION marelle_request_kind_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN ${REMOVE} END IF;
          IF TG_OP <> 'DELETE' THEN ${ADD} END IF;
          RETURN NULL;
        END $$;
        CREATE TRIGGER request_kind_counts_insert AFTER INSERT ON requests
          FOR EACH ROW EXECUTE FUNCTION marelle_request_kind_counts();
        CREATE TRIGGER request_kind_counts_delete AFTER DELETE ON requests
          FOR EACH ROW EXECUTE FUNCTION marelle_request_kind_counts();
        CREATE TRIGGER request_kind_counts_update AFTER UPDATE OF state, kind, needs_review ON requests
          FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.kind IS DISTINCT FROM NEW.kind
            OR OLD.needs_review IS DISTINCT FROM NEW.needs_review)
          EXECUTE FUNCTION marelle_request_kind_counts();
        ${INDEX}
      `)
    },
  },
}
