import type { Migration } from './types'

// The whole domain (docs/architecture.md, « Le stockage »). Dates are 'YYYY-MM-DD', instants ISO 8601 in
// UTC. Every record staff can edit carries `version` for optimistic locking.
const stamps = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1`

const bool = (column: string, fallback: 0 | 1) =>
  `${column} INTEGER NOT NULL DEFAULT ${fallback} CHECK (${column} IN (0, 1))`

export const domain: Migration = {
  name: '20261127-1000-domain',
  up(db) {
    db.exec(`
      CREATE TABLE families (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        caf_organisation TEXT CHECK (caf_organisation IN ('CAF', 'MSA', 'autre')),
        caf_number TEXT,
        tax_reference_income INTEGER CHECK (tax_reference_income >= 0),
        tax_shares REAL CHECK (tax_shares > 0),
        bank_holder TEXT,
        bank_name TEXT,
        iban TEXT,
        bic TEXT,
        sepa_rum TEXT,
        sepa_signed_on TEXT,
        ${bool('direct_debit', 0)},
        ${stamps}
      ) STRICT;

      CREATE TABLE family_quotients (
        id INTEGER PRIMARY KEY,
        family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        qf INTEGER NOT NULL CHECK (qf >= 0),
        valid_from TEXT NOT NULL,
        valid_to TEXT,
        created_at TEXT NOT NULL,
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      ) STRICT;
      CREATE INDEX family_quotients_family ON family_quotients (family_id, valid_from);

      CREATE TABLE guardians (
        id INTEGER PRIMARY KEY,
        family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('responsable', 'conjoint')),
        civility TEXT,
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL DEFAULT '',
        quality TEXT,
        marital_status TEXT,
        address_line1 TEXT CHECK (length(address_line1) <= 38),
        address_line2 TEXT CHECK (length(address_line2) <= 38),
        address_line3 TEXT CHECK (length(address_line3) <= 38),
        locality TEXT CHECK (length(locality) <= 38),
        postal_code TEXT,
        city TEXT,
        home_phone TEXT,
        work_phone TEXT,
        mobile_phone TEXT,
        email TEXT,
        profession TEXT,
        csp TEXT,
        employer TEXT,
        employer_address TEXT,
        ${bool('consent_email', 0)},
        ${bool('consent_sms', 0)},
        ${stamps},
        UNIQUE (family_id, role)
      ) STRICT;
      CREATE INDEX guardians_name ON guardians (last_name COLLATE NOCASE, first_name COLLATE NOCASE);

      CREATE TABLE children (
        id INTEGER PRIMARY KEY,
        family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        identifier TEXT NOT NULL UNIQUE,
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        sex TEXT CHECK (sex IN ('F', 'M')),
        birth_date TEXT,
        birth_place TEXT,
        school TEXT,
        class_level TEXT,
        diet TEXT,
        ${bool('pai', 0)},
        pai_valid_until TEXT,
        ${bool('pai_packed_meal', 0)},
        pai_details TEXT,
        specific_care TEXT,
        doctor_name TEXT,
        doctor_phone TEXT,
        health_form_completed_on TEXT,
        file_validated_at TEXT,
        file_validated_by INTEGER REFERENCES staff(id),
        left_on TEXT,
        ${stamps}
      ) STRICT;
      CREATE INDEX children_family ON children (family_id);
      CREATE INDEX children_name ON children (last_name COLLATE NOCASE, first_name COLLATE NOCASE);
      CREATE INDEX children_pai ON children (pai_valid_until) WHERE pai = 1;

      CREATE TABLE authorized_persons (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL DEFAULT '',
        relationship TEXT NOT NULL,
        phone TEXT,
        mobile TEXT,
        ${bool('can_pick_up', 1)},
        ${bool('emergency_contact', 0)},
        ${bool('pickup_forbidden', 0)},
        notes TEXT,
        ${stamps},
        CHECK (NOT (can_pick_up = 1 AND pickup_forbidden = 1))
      ) STRICT;
      CREATE INDEX authorized_persons_child ON authorized_persons (child_id);

      CREATE TABLE vaccine_products (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        ${bool('active', 1)}
      ) STRICT;

      CREATE TABLE vaccine_product_diseases (
        product_id INTEGER NOT NULL REFERENCES vaccine_products(id) ON DELETE CASCADE,
        disease TEXT NOT NULL,
        PRIMARY KEY (product_id, disease)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE vaccinations (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        product_id INTEGER REFERENCES vaccine_products(id),
        vaccine_name TEXT NOT NULL,
        vaccinated_on TEXT NOT NULL,
        dose TEXT,
        lot TEXT,
        booster_on TEXT,
        doctor TEXT,
        ${stamps}
      ) STRICT;
      CREATE INDEX vaccinations_child ON vaccinations (child_id, vaccinated_on);

      CREATE TABLE health_conditions (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('maladie', 'allergie', 'contre_indication')),
        label TEXT NOT NULL,
        allergen TEXT CHECK (allergen IN ('gluten', 'crustaceans', 'eggs', 'fish', 'peanuts', 'soybeans',
          'milk', 'nuts', 'celery', 'mustard', 'sesame', 'sulphites', 'lupin', 'molluscs')),
        details TEXT,
        ${stamps},
        CHECK (allergen IS NULL OR kind = 'allergie')
      ) STRICT;
      CREATE INDEX health_conditions_child ON health_conditions (child_id);
      CREATE INDEX health_conditions_allergen ON health_conditions (allergen) WHERE allergen IS NOT NULL;

      CREATE TABLE structures (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        school_zone TEXT NOT NULL DEFAULT 'A' CHECK (school_zone IN ('A', 'B', 'C')),
        ${bool('alsace_moselle', 0)},
        ${stamps}
      ) STRICT;

      -- weekdays: bit mask, Monday = 1, Tuesday = 2, ... Sunday = 64.
      CREATE TABLE services (
        id INTEGER PRIMARY KEY,
        structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        code TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('accueil_matin', 'accueil_soir', 'periscolaire', 'restauration',
          'mercredi', 'accueil_loisirs', 'autre')),
        weekdays INTEGER NOT NULL DEFAULT 27 CHECK (weekdays BETWEEN 0 AND 127),
        ${bool('open_in_holidays', 0)},
        ${bool('active', 1)},
        ${stamps},
        UNIQUE (structure_id, name)
      ) STRICT;

      CREATE TABLE calendar_periods (
        id INTEGER PRIMARY KEY,
        structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
        service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('ouverture', 'fermeture')),
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        label TEXT,
        ${stamps},
        CHECK (ends_on >= starts_on)
      ) STRICT;
      CREATE INDEX calendar_periods_structure ON calendar_periods (structure_id, starts_on);

      -- Days without class, per zone (first and last day without class).
      CREATE TABLE school_holidays (
        id INTEGER PRIMARY KEY,
        zone TEXT NOT NULL CHECK (zone IN ('A', 'B', 'C')),
        name TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        source TEXT NOT NULL,
        ${stamps},
        UNIQUE (zone, starts_on),
        CHECK (ends_on >= starts_on)
      ) STRICT;

      CREATE TABLE enrolments (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        service_id INTEGER NOT NULL REFERENCES services(id),
        starts_on TEXT NOT NULL,
        ends_on TEXT,
        weekdays INTEGER NOT NULL DEFAULT 0 CHECK (weekdays BETWEEN 0 AND 127),
        state TEXT NOT NULL DEFAULT 'validee' CHECK (state IN ('en_attente', 'validee', 'refusee', 'terminee')),
        ${stamps},
        UNIQUE (child_id, service_id, starts_on)
      ) STRICT;
      CREATE INDEX enrolments_service ON enrolments (service_id, starts_on);

      CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL CHECK (channel IN ('portail', 'papier', 'téléphone')),
        submitted_at TEXT NOT NULL,
        submitted_at_utc TEXT NOT NULL,
        received_at TEXT NOT NULL,
        family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        child_id INTEGER REFERENCES children(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        seen TEXT CHECK (seen IS NULL OR json_valid(seen)),
        comment TEXT,
        ${bool('needs_review', 0)},
        state TEXT NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'validated', 'refused', 'partial', 'replaced', 'closed')),
        replaced_by INTEGER REFERENCES requests(id),
        entered_by INTEGER REFERENCES staff(id),
        decided_at TEXT,
        decided_by INTEGER REFERENCES staff(id),
        reply TEXT,
        ${stamps}
      ) STRICT;
      CREATE INDEX requests_queue ON requests (state, submitted_at_utc);
      CREATE INDEX requests_family ON requests (family_id, state);
      CREATE INDEX requests_child ON requests (child_id, state) WHERE child_id IS NOT NULL;
      CREATE INDEX requests_kind ON requests (kind, state, submitted_at_utc);
      CREATE INDEX requests_decided ON requests (decided_at) WHERE decided_at IS NOT NULL;

      -- One line per field (or per date, for the agenda kinds) of a request.
      CREATE TABLE request_items (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        field TEXT NOT NULL,
        seen_value TEXT,
        requested_value TEXT,
        applied_value TEXT,
        outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'accepted', 'refused')),
        reason TEXT,
        UNIQUE (request_id, field)
      ) STRICT;

      CREATE TABLE agenda_exceptions (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
        service_id INTEGER NOT NULL REFERENCES services(id),
        day TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('reserve', 'erreur', 'conge', 'absence_a_verifier',
          'heure_hors_contrat', 'regulier', 'reservation_hors_contrat', 'fermeture', 'absent_facture',
          'demande_en_attente', 'absent_execute', 'reservation_en_cours', 'reservation_refusee',
          'absence_en_cours', 'petites_vacances', 'grandes_vacances', 'jour_ferie')),
        request_id INTEGER REFERENCES requests(id),
        note TEXT,
        ${stamps},
        UNIQUE (child_id, service_id, day)
      ) STRICT;
      CREATE INDEX agenda_exceptions_service_day ON agenda_exceptions (service_id, day);

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        family_id INTEGER NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        request_id INTEGER REFERENCES requests(id),
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES staff(id),
        exported_at TEXT
      ) STRICT;
      CREATE INDEX messages_family ON messages (family_id, created_at);
      CREATE INDEX messages_request ON messages (request_id) WHERE request_id IS NOT NULL;
    `)
  },
}
