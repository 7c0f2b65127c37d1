import type { Migration } from './types'

// The structures' calendar and the children's agenda (docs/calendrier.md).
// The agenda is computed: calendar + enrolment pattern + the exceptions
// stored here, so storage grows with what happened, never with days times
// children. Weekday masks: Monday = 1, Tuesday = 2, … Sunday = 64.
const bool = (column: string, fallback: 0 | 1) =>
  `${column} INTEGER NOT NULL DEFAULT ${fallback} CHECK (${column} IN (0, 1))`

const stamps = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1`

export const calendar: Migration = {
  name: '20261201-0900-calendar',
  up(db) {
    db.exec(`
      -- Zones A, B, C and Corse; archived structures leave the working lists.
      ALTER TABLE structures ADD COLUMN zone TEXT NOT NULL DEFAULT 'A' CHECK (zone IN ('A', 'B', 'C', 'Corse'));
      UPDATE structures SET zone = school_zone;
      ALTER TABLE structures DROP COLUMN school_zone;
      ALTER TABLE structures ADD COLUMN ${bool('active', 1)};

      -- Opening weekdays in term time and in the school holidays (0: closed then),
      -- capacity per day (NULL: no limit), regular pattern or reserved days only,
      -- the two deadline rules (JSON, see src-shared/domain/deadlines.ts; NULL: none),
      -- what happens when late, and the late-absence rule.
      ALTER TABLE services RENAME COLUMN weekdays TO term_weekdays;
      ALTER TABLE services ADD COLUMN holiday_weekdays INTEGER NOT NULL DEFAULT 0
        CHECK (holiday_weekdays BETWEEN 0 AND 127);
      UPDATE services SET holiday_weekdays = CASE WHEN open_in_holidays = 1 THEN term_weekdays ELSE 0 END;
      ALTER TABLE services DROP COLUMN open_in_holidays;
      ALTER TABLE services ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0);
      ALTER TABLE services ADD COLUMN attendance TEXT NOT NULL DEFAULT 'regulier'
        CHECK (attendance IN ('regulier', 'reservation'));
      ALTER TABLE services ADD COLUMN booking_deadline TEXT;
      ALTER TABLE services ADD COLUMN cancel_deadline TEXT;
      ALTER TABLE services ADD COLUMN late_policy TEXT NOT NULL DEFAULT 'staff'
        CHECK (late_policy IN ('refuse', 'staff'));
      ALTER TABLE services ADD COLUMN ${bool('bills_late_absence', 1)};
      ALTER TABLE services ADD COLUMN justification_days INTEGER NOT NULL DEFAULT 0
        CHECK (justification_days BETWEEN 0 AND 365);
      ALTER TABLE services ADD COLUMN unplanned_state TEXT NOT NULL DEFAULT 'heure_hors_contrat'
        CHECK (unplanned_state IN ('heure_hors_contrat', 'reservation_hors_contrat'));

      -- A different capacity over a date range.
      CREATE TABLE service_capacities (
        id INTEGER PRIMARY KEY,
        service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        capacity INTEGER NOT NULL CHECK (capacity >= 0),
        ${stamps},
        CHECK (ends_on >= starts_on)
      ) STRICT;
      CREATE INDEX service_capacities_service ON service_capacities (service_id, starts_on);

      CREATE INDEX calendar_periods_service ON calendar_periods (service_id, starts_on)
        WHERE service_id IS NOT NULL;

      -- School holidays as the official calendar gives them: holidays start
      -- after class on starts_on, classes resume in the morning of resumes_on
      -- (NULL while the end is not published). Never filled before today.
      DROP TABLE school_holidays;
      CREATE TABLE school_holidays (
        id INTEGER PRIMARY KEY,
        zone TEXT NOT NULL CHECK (zone IN ('A', 'B', 'C', 'Corse')),
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('petites', 'grandes')),
        school_year TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        resumes_on TEXT,
        source TEXT NOT NULL,
        ${stamps},
        UNIQUE (zone, school_year, name),
        CHECK (resumes_on IS NULL OR resumes_on > starts_on)
      ) STRICT;
      CREATE INDEX school_holidays_zone ON school_holidays (zone, starts_on);

      -- One week in two from the Monday alternate_from (NULL: every week).
      -- A pattern change from a date closes the row (ends_on) and opens a new one.
      ALTER TABLE enrolments ADD COLUMN alternate_from TEXT;
      CREATE INDEX enrolments_child ON enrolments (child_id, service_id, starts_on);

      -- A stored day: booked says the day was reserved (cancelling an absence on
      -- it gives the reservation back), late that it came after the deadline,
      -- late_reason why staff accepted it anyway, justification the certificate
      -- that turns an Absent facturé into an Absent exécuté.
      ALTER TABLE agenda_exceptions ADD COLUMN ${bool('booked', 0)};
      ALTER TABLE agenda_exceptions ADD COLUMN ${bool('late', 0)};
      ALTER TABLE agenda_exceptions ADD COLUMN late_reason TEXT;
      ALTER TABLE agenda_exceptions ADD COLUMN justification TEXT;
      ALTER TABLE agenda_exceptions ADD COLUMN justified_on TEXT;
      CREATE INDEX agenda_exceptions_child ON agenda_exceptions (child_id, day);

      -- The dates of pending portal or paper requests on the agenda, while they
      -- are pending (removed when the request is decided): they show as
      -- "… en cours de traitement" over the state under them.
      CREATE TABLE agenda_request_days (
        request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        service_id INTEGER NOT NULL REFERENCES services(id),
        action TEXT NOT NULL CHECK (action IN ('reservation.add', 'reservation.cancel', 'absence.declare')),
        PRIMARY KEY (request_id, day)
      ) STRICT;
      CREATE INDEX agenda_request_days_service ON agenda_request_days (service_id, day);
      CREATE INDEX agenda_request_days_child ON agenda_request_days (child_id, service_id, day);
    `)
  },
}
