import type { Migration } from './types'

// The days on which a child's file is complete, kept on the child's row so
// that the dashboard's count is a few index range counts instead of an
// expression evaluated for every attending child (docs/architecture.md,
// "Complétude des dossiers"):
//
// - complete_from, complete_until: the child still attends and its file is
//   complete on day T exactly when complete_from <= T and (complete_until IS
//   NULL or T <= complete_until). Both NULL: on no day (a gap that no day
//   fixes, vaccinations that never cover, a PAI without a validity date, a
//   window closed before it opens).
//
// The window is a function of the row's own columns: its coverage
// (file_gaps, vaccines_covered_on, migration 20261201-1100-file-coverage),
// its PAI (pai, pai_valid_until) and its departure (left_on, the first day
// the child no longer attends). It is left NULL for rows whose coverage is
// not known (file_gaps NULL, after a bulk writer) and for rows with a
// provisional admission (its countdown would make two ranges of days): the
// count reads those few rows with the full rule of completeness/query.ts.
// Triggers compute it again whenever one of those columns changes, whoever
// writes it, so it can never disagree with them.

type Row = 'NEW' | 'children'

const start = (r: Row) => `(CASE WHEN ${r}.file_gaps = 0 AND ${r}.provisional_admission_on IS NULL
    AND (${r}.pai = 0 OR ${r}.pai_valid_until IS NOT NULL) THEN ${r}.vaccines_covered_on END)`
const lastDay = (r: Row) => `(CASE WHEN ${r}.pai = 0 THEN date(${r}.left_on, '-1 day')
    WHEN ${r}.left_on IS NULL THEN ${r}.pai_valid_until
    ELSE min(${r}.pai_valid_until, date(${r}.left_on, '-1 day')) END)`
const from = (r: Row) =>
  `(CASE WHEN ${lastDay(r)} IS NULL OR ${lastDay(r)} >= ${start(r)} THEN ${start(r)} END)`
const until = (r: Row) => `(CASE WHEN ${lastDay(r)} >= ${start(r)} THEN ${lastDay(r)} END)`

const differs = `${from('NEW')} IS NOT NEW.complete_from OR ${until('NEW')} IS NOT NEW.complete_until`
const set = `UPDATE children SET complete_from = ${from('NEW')}, complete_until = ${until('NEW')}
  WHERE id = NEW.id;`

export const completenessWindow: Migration = {
  name: '20261202-0400-completeness-window',
  up(db) {
    db.exec(`
      ALTER TABLE children ADD COLUMN complete_from TEXT;
      ALTER TABLE children ADD COLUMN complete_until TEXT;
      CREATE TRIGGER completeness_window_insert AFTER INSERT ON children
      WHEN ${differs}
      BEGIN ${set} END;
      CREATE TRIGGER completeness_window_update AFTER UPDATE OF file_gaps, vaccines_covered_on, pai,
        pai_valid_until, left_on, provisional_admission_on ON children
      WHEN ${differs}
      BEGIN ${set} END;
      -- The count: the children complete from a day on, and those whose window closed before it.
      CREATE INDEX children_complete_from ON children (complete_from, file_validated_at)
        WHERE complete_from IS NOT NULL;
      CREATE INDEX children_complete_until ON children (complete_until, file_validated_at)
        WHERE complete_until IS NOT NULL;
      -- The rows counted with the full rule.
      CREATE INDEX children_provisional ON children (provisional_admission_on)
        WHERE provisional_admission_on IS NOT NULL;
      UPDATE children SET complete_from = ${from('children')}, complete_until = ${until('children')}
      WHERE file_gaps IS NOT NULL;
    `)
  },
}
