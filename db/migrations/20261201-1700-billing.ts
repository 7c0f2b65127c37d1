import type { Migration } from './types'

// Billing (docs/facturation.md): tariffs voted by délibération with their
// quotient-familial brackets, issued invoices (never changed once issued:
// a correction is a line of a later invoice, a cancellation keeps the
// number), payments with their allocation to invoices, and SEPA debit
// batches. Amounts are integer cents.
const stamps = `
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1`

export const billing: Migration = {
  name: '20261201-1700-billing',
  up(db) {
    db.exec(`
      CREATE TABLE tariffs (
        id INTEGER PRIMARY KEY,
        service_id INTEGER NOT NULL REFERENCES services(id),
        valid_from TEXT NOT NULL,
        valid_to TEXT,
        unit TEXT NOT NULL CHECK (unit IN ('acte', 'demi_heure', 'heure', 'demi_journee', 'journee', 'forfait_mensuel')),
        absent_share_pct INTEGER NOT NULL DEFAULT 100 CHECK (absent_share_pct BETWEEN 0 AND 100),
        surcharge_pct INTEGER NOT NULL DEFAULT 0 CHECK (surcharge_pct BETWEEN 0 AND 1000),
        third_child_discount_pct INTEGER NOT NULL DEFAULT 0 CHECK (third_child_discount_pct BETWEEN 0 AND 100),
        cesu_accepted INTEGER NOT NULL DEFAULT 0 CHECK (cesu_accepted IN (0, 1)),
        deliberation_ref TEXT NOT NULL,
        deliberation_date TEXT NOT NULL,
        ${stamps}
      ) STRICT;
      CREATE INDEX tariffs_service ON tariffs (service_id, valid_from);

      CREATE TABLE tariff_brackets (
        tariff_id INTEGER NOT NULL REFERENCES tariffs(id) ON DELETE CASCADE,
        qf_min INTEGER NOT NULL CHECK (qf_min >= 0),
        price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
        PRIMARY KEY (tariff_id, qf_min)
      ) STRICT;

      CREATE TABLE invoice_sequences (
        year INTEGER PRIMARY KEY,
        last_number INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sepa_batches (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE,
        collection_date TEXT NOT NULL,
        pain_version TEXT NOT NULL,
        transactions INTEGER NOT NULL,
        total_cents INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES staff(id)
      ) STRICT;

      CREATE TABLE invoices (
        id INTEGER PRIMARY KEY,
        family_id INTEGER NOT NULL REFERENCES families(id),
        month TEXT NOT NULL,
        number TEXT NOT NULL UNIQUE,
        issued_on TEXT NOT NULL,
        due_on TEXT NOT NULL,
        debit_on TEXT,
        sepa_rum TEXT,
        total_cents INTEGER NOT NULL,
        previous_balance_cents INTEGER NOT NULL,
        note TEXT,
        status TEXT NOT NULL DEFAULT 'emise' CHECK (status IN ('emise', 'annulee')),
        cancelled_on TEXT,
        cancel_reason TEXT,
        replaces_id INTEGER REFERENCES invoices(id),
        sepa_batch_id INTEGER REFERENCES sepa_batches(id),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX invoices_family ON invoices (family_id, issued_on);
      CREATE INDEX invoices_month ON invoices (month, family_id);

      CREATE TABLE invoice_lines (
        id INTEGER PRIMARY KEY,
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        child_id INTEGER REFERENCES children(id),
        service_id INTEGER REFERENCES services(id),
        period TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('acte', 'correction', 'reduction')),
        state TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        unit_cents INTEGER NOT NULL,
        amount_cents INTEGER NOT NULL,
        qf INTEGER,
        bracket TEXT,
        label TEXT NOT NULL
      ) STRICT;
      CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id);

      CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        family_id INTEGER NOT NULL REFERENCES families(id),
        kind TEXT NOT NULL CHECK (kind IN ('paiement', 'remboursement')),
        mode TEXT NOT NULL CHECK (mode IN ('especes', 'cheque', 'cesu', 'cheques_vacances', 'virement', 'carte', 'prelevement')),
        paid_on TEXT NOT NULL,
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        reference TEXT,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES staff(id)
      ) STRICT;
      CREATE INDEX payments_family ON payments (family_id, paid_on);

      CREATE TABLE payment_allocations (
        payment_id INTEGER NOT NULL REFERENCES payments(id),
        invoice_id INTEGER NOT NULL REFERENCES invoices(id),
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        PRIMARY KEY (payment_id, invoice_id)
      ) STRICT;
      CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);

      CREATE TABLE sepa_mandate_uses (
        family_id INTEGER NOT NULL REFERENCES families(id),
        rum TEXT NOT NULL,
        first_batch_id INTEGER NOT NULL REFERENCES sepa_batches(id),
        PRIMARY KEY (family_id, rum)
      ) STRICT;
    `)
  },
}
