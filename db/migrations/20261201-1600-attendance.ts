import type { Migration } from './types'

// The day's work (docs/listes-du-jour.md): attendance marks, days whose list
// staff closed ("Journée validée": after that an expected child with no mark
// counts as present, so nothing is stored for the usual case), and the meal
// orders sent to the kitchen, kept to show what changed since.
const stamps = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1`

export const attendance: Migration = {
  name: '20261201-1600-attendance',
  up(db) {
    db.exec(`
      CREATE TABLE attendance_marks (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        service_id INTEGER NOT NULL REFERENCES services(id),
        day TEXT NOT NULL,
        presence TEXT NOT NULL CHECK (presence IN ('present', 'absent')),
        arrived_at TEXT CHECK (arrived_at IS NULL OR length(arrived_at) = 5),
        left_at TEXT CHECK (left_at IS NULL OR length(left_at) = 5),
        picked_up_by INTEGER REFERENCES authorized_persons(id) ON DELETE SET NULL,
        picked_up_name TEXT,
        ${stamps},
        UNIQUE (child_id, service_id, day)
      ) STRICT;
      CREATE INDEX attendance_marks_service_day ON attendance_marks (service_id, day);

      CREATE TABLE attendance_days (
        service_id INTEGER NOT NULL REFERENCES services(id),
        day TEXT NOT NULL,
        validated_at TEXT NOT NULL,
        validated_by INTEGER REFERENCES staff(id),
        PRIMARY KEY (service_id, day)
      ) STRICT;

      CREATE TABLE kitchen_orders (
        id INTEGER PRIMARY KEY,
        service_id INTEGER NOT NULL REFERENCES services(id),
        day TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        sent_by INTEGER REFERENCES staff(id),
        total INTEGER NOT NULL,
        children TEXT NOT NULL
      ) STRICT;
      CREATE INDEX kitchen_orders_service_day ON kitchen_orders (service_id, day, sent_at);
    `)
  },
}
