import { randomUUID } from 'node:crypto'
import type { Migration } from './types'

// Messages to families (docs/messages.md): the service writes to one family
// or to a group, from templates; the portal's inbox receives them through a
// JSON Lines export keyed by a stable public id, families without the portal
// get a letter. Request replies (requests/decide.ts) were already messages:
// they keep their rows and get the new columns.
//
// The trigger fills what a writer that predates this migration does not
// give (public id, updated_at, the child of the request answered), so that
// every row can be exported with a stable id whoever inserted it.
const uuidSql = `lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
  substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||
  substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))`

// A template or a message that says something about a child's health (a PAI)
// carries health_data = 1: only the roles allowed to see health data read it
// (docs/donnees-de-sante.md).
const defaultTemplates: { code: string; title: string; subject: string; body: string; health?: number }[] = [
  {
    code: 'dossier-incomplet',
    title: 'Dossier incomplet',
    subject: 'Le dossier de {{enfant.prenom}} est incomplet',
    body: `{{responsable.civilite}} {{responsable.nom}},

Le dossier de {{enfant.prenom}} {{enfant.nom}} auprès du service enfance jeunesse de {{commune.nom}} n'est pas complet. Merci de nous transmettre les informations ou les pièces manquantes depuis le portail famille ou à l'accueil du service.

Nous vous prions d'agréer nos salutations distinguées.

Le service enfance jeunesse de {{commune.nom}}`,
  },
  {
    code: 'pai-a-renouveler',
    title: 'PAI à renouveler',
    health: 1,
    subject: 'Projet d’accueil individualisé de {{enfant.prenom}} à renouveler',
    body: `{{responsable.civilite}} {{responsable.nom}},

Le projet d'accueil individualisé (PAI) de {{enfant.prenom}} {{enfant.nom}} arrive à échéance. Pour que {{enfant.prenom}} continue d'être accueilli dans les mêmes conditions, merci de le faire renouveler avec votre médecin et de nous le transmettre.

Nous vous prions d'agréer nos salutations distinguées.

Le service enfance jeunesse de {{commune.nom}}`,
  },
  {
    code: 'information-service',
    title: 'Information du service',
    subject: 'Information du service enfance jeunesse',
    body: `{{responsable.civilite}} {{responsable.nom}},



Le service enfance jeunesse de {{commune.nom}}`,
  },
]

export const messages: Migration = {
  name: '20261202-0100-messages',
  up(db) {
    db.exec(`
      CREATE TABLE message_templates (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        health_data INTEGER NOT NULL DEFAULT 0 CHECK (health_data IN (0, 1)),
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      ALTER TABLE messages ADD COLUMN public_id TEXT;
      ALTER TABLE messages ADD COLUMN child_id INTEGER REFERENCES children(id) ON DELETE SET NULL;
      ALTER TABLE messages ADD COLUMN state TEXT NOT NULL DEFAULT 'a_envoyer'
        CHECK (state IN ('brouillon', 'a_envoyer', 'transmis', 'imprime'));
      ALTER TABLE messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'portail'
        CHECK (channel IN ('portail', 'courrier'));
      ALTER TABLE messages ADD COLUMN template_id INTEGER REFERENCES message_templates(id) ON DELETE SET NULL;
      ALTER TABLE messages ADD COLUMN batch_id TEXT;
      ALTER TABLE messages ADD COLUMN health_data INTEGER NOT NULL DEFAULT 0 CHECK (health_data IN (0, 1));
      ALTER TABLE messages ADD COLUMN sent_at TEXT;
      ALTER TABLE messages ADD COLUMN printed_at TEXT;
      ALTER TABLE messages ADD COLUMN updated_at TEXT;
      ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    `)

    const rows = db.prepare('SELECT id FROM messages').pluck().all() as number[]
    const backfill = db.prepare(`
      UPDATE messages SET
        public_id = ?,
        updated_at = created_at,
        sent_at = created_at,
        state = CASE WHEN exported_at IS NOT NULL THEN 'transmis' ELSE 'a_envoyer' END,
        child_id = (SELECT r.child_id FROM requests r WHERE r.id = messages.request_id)
      WHERE id = ?`)
    for (const id of rows) backfill.run(randomUUID(), id)

    db.exec(`
      CREATE UNIQUE INDEX messages_public_id ON messages (public_id);
      CREATE INDEX messages_state ON messages (state, created_at);
      CREATE INDEX messages_created ON messages (created_at);
      CREATE INDEX messages_batch ON messages (batch_id) WHERE batch_id IS NOT NULL;

      CREATE TRIGGER messages_fill AFTER INSERT ON messages
      WHEN NEW.public_id IS NULL OR NEW.updated_at IS NULL
      BEGIN
        UPDATE messages SET
          public_id = coalesce(public_id, ${uuidSql}),
          updated_at = coalesce(updated_at, created_at),
          sent_at = coalesce(sent_at, CASE WHEN state = 'brouillon' THEN NULL ELSE created_at END),
          child_id = coalesce(child_id, (SELECT r.child_id FROM requests r WHERE r.id = NEW.request_id))
        WHERE id = NEW.id;
      END;
    `)

    const insert = db.prepare(
      `INSERT INTO message_templates (code, title, subject, body, health_data, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    const now = new Date().toISOString()
    for (const t of defaultTemplates) insert.run(t.code, t.title, t.subject, t.body, t.health ?? 0, now, now)
  },
}
