import type { DB } from '@db/schema'
import { type Kysely, sql } from 'kysely'

// Multi-row inserts give every column: kysely writes NULL for a missing one on SQLite.
// Writes in neutral kysely that exercise every trigger of the schema (search
// rows, coverage, completeness window, departure, messages, request counts),
// run on a SQLite file and on PostgreSQL: what the triggers derive must be
// the same on both (triggers.test.ts).

const at = '2026-11-27T09:00:00.000Z'
const stamps = { created_at: at, updated_at: at }

async function productId(db: Kysely<DB>, name: string): Promise<number> {
  const row = await db
    .selectFrom('vaccine_products')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return row.id
}

const refreshCoverage = sql`UPDATE children SET (file_gaps, vaccines_covered_on) =
  (SELECT s.file_gaps, s.vaccines_covered_on FROM child_coverage_source s WHERE s.id = children.id)`

export async function writeScenario(db: Kysely<DB>): Promise<void> {
  const staff = await db
    .insertInto('staff')
    .values({ login: 'Agent', display_name: 'Agent', role: 'agent', password_hash: 'x', ...stamps })
    .returning('id')
    .executeTakeFirstOrThrow()

  const family = async (number: string) =>
    (
      await db
        .insertInto('families')
        .values({ number, ...stamps })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const f1 = await family('383304832264')
  const f2 = await family('383304832265')

  await db
    .insertInto('guardians')
    .values([
      {
        family_id: f1,
        role: 'responsable',
        last_name: 'Dupont',
        first_name: 'Émilie',
        email: 'e@x.fr',
        mobile_phone: null,
        ...stamps,
      },
      {
        family_id: f1,
        role: 'conjoint',
        last_name: 'Durand',
        first_name: 'Gérard',
        email: null,
        mobile_phone: '0612',
        ...stamps,
      },
      {
        family_id: f2,
        role: 'responsable',
        last_name: 'Martin',
        first_name: 'Œdipe',
        email: null,
        mobile_phone: null,
        ...stamps,
      },
    ])
    .execute()

  const child = async (family_id: number, identifier: string, first_name: string, extra: object = {}) =>
    (
      await db
        .insertInto('children')
        .values({ family_id, identifier, last_name: 'Dupont', first_name, ...stamps, ...extra })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const c1 = await child(f1, '100000000001', 'Léa', { birth_date: '2019-03-01' })
  const c2 = await child(f1, '100000000002', 'Ève', { birth_date: '2015-05-02', left_on: '2026-07-01' })
  const c3 = await child(f2, '100000000003', 'Zoé', { birth_date: '2020-01-01', left_on: '2026-06-30' })

  const shots: [string, string][] = [
    ['Infanrix Hexa', '2019-05-01'],
    ['Prevenar 13', '2019-05-01'],
    ['Neisvac C', '2019-09-01'],
    ['Priorix', '2020-03-01'],
  ]
  for (const [name, day] of shots)
    await db
      .insertInto('vaccinations')
      .values({
        child_id: c1,
        product_id: await productId(db, name),
        vaccine_name: name,
        vaccinated_on: day,
        ...stamps,
      })
      .execute()
  await db
    .insertInto('vaccinations')
    .values({
      child_id: c2,
      product_id: await productId(db, 'Revaxis'),
      vaccine_name: 'Revaxis',
      vaccinated_on: '2016-01-01',
      ...stamps,
    })
    .execute()
  await db
    .insertInto('authorized_persons')
    .values([
      {
        child_id: c1,
        last_name: 'Mamie',
        relationship: 'grand-mère',
        can_pick_up: 1,
        pickup_forbidden: 0,
        ...stamps,
      },
      {
        child_id: c3,
        last_name: 'Voisin',
        relationship: 'voisin',
        can_pick_up: 0,
        pickup_forbidden: 1,
        ...stamps,
      },
    ])
    .execute()

  // Coverage computed, then forgotten by the triggers, then computed again.
  await refreshCoverage.execute(db)
  await db
    .updateTable('children')
    .set({ health_form_completed_on: '2026-09-01' })
    .where('id', '=', c1)
    .execute()
  await db
    .updateTable('children')
    .set({ pai: 1, pai_valid_until: '2027-06-30' })
    .where('id', '=', c1)
    .execute()
  await refreshCoverage.execute(db)
  await db
    .updateTable('children')
    .set({ health_form_completed_on: '2026-09-02' })
    .where('id', '=', c2)
    .execute()
  await refreshCoverage.execute(db)
  await db.updateTable('children').set({ left_on: '2027-01-15' }).where('id', '=', c1).execute()
  await db
    .updateTable('guardians')
    .set({ email: 'autre@x.fr' })
    .where('family_id', '=', f1)
    .where('role', '=', 'responsable')
    .execute()
  await db.updateTable('guardians').set({ email: 'm@x.fr' }).where('family_id', '=', f2).execute()

  // Departures: the family of a child who left is archived, and no longer when it comes back.
  await db.updateTable('children').set({ left_on: null }).where('id', '=', c3).execute()
  await db.updateTable('children').set({ left_on: '2026-08-31' }).where('id', '=', c3).execute()
  await db.updateTable('children').set({ family_id: f2 }).where('id', '=', c2).execute()

  // Search rows: renames, a number change, a deletion, writes while paused.
  await db.updateTable('guardians').set({ last_name: 'Ångström' }).where('family_id', '=', f2).execute()
  await db.updateTable('families').set({ number: '383304832299' }).where('id', '=', f2).execute()
  await db.updateTable('search_control').set({ paused: 1 }).execute()
  const f3 = await family('383304832300')
  await child(f3, '100000000004', 'Noé')
  await db.updateTable('search_control').set({ paused: 0 }).execute()
  const f4 = await family('383304832301')
  const c5 = await child(f4, '100000000005', 'Inès')
  await db.deleteFrom('children').where('id', '=', c5).execute()
  await db.updateTable('children').set({ anonymised_at: at }).where('id', '=', c2).execute()

  // Requests and their counts per state.
  const request = async (ref: string) =>
    (
      await db
        .insertInto('requests')
        .values({
          ref,
          channel: 'portail',
          submitted_at: at,
          submitted_at_utc: at,
          received_at: at,
          family_id: f1,
          child_id: c1,
          kind: 'responsable.coordonnees',
          payload: '{}',
          entered_by: staff.id,
          ...stamps,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const r1 = await request('R1')
  const r2 = await request('R2')
  const r3 = await request('R3')
  await db.updateTable('requests').set({ state: 'validated', decided_at: at }).where('id', '=', r1).execute()
  await db.updateTable('requests').set({ state: 'pending', comment: 'vu' }).where('id', '=', r2).execute()
  await db.updateTable('requests').set({ state: 'refused' }).where('id', '=', r3).execute()
  await db.updateTable('requests').set({ state: 'closed' }).where('id', '=', r3).execute()
  await request('R4')
  await db.deleteFrom('requests').where('ref', '=', 'R4').execute()

  // Messages: what a writer omits is filled.
  await db
    .insertInto('messages')
    .values({ family_id: f1, request_id: r1, subject: 'Réponse', body: '…', created_at: at })
    .execute()
  await db
    .insertInto('messages')
    .values({ family_id: f2, subject: 'Brouillon', body: '…', created_at: at, state: 'brouillon' })
    .execute()
}

/** What the triggers derived, in neutral SQL, ordered. */
export const SNAPSHOT: Record<string, string> = {
  children: `SELECT id, family_id, file_gaps, vaccines_covered_on, complete_from, complete_until FROM children ORDER BY id`,
  families: 'SELECT id, number, archived_on FROM families ORDER BY id',
  request_state_counts: 'SELECT state, n FROM request_state_counts ORDER BY state',
  family_search_order: 'SELECT family_id, sort_key FROM family_search_order ORDER BY family_id',
  child_search_order: 'SELECT child_id, sort_key FROM child_search_order ORDER BY child_id',
  family_search: 'SELECT rowid FROM family_search ORDER BY rowid',
  child_search: 'SELECT rowid FROM child_search ORDER BY rowid',
  family_search_source: 'SELECT * FROM family_search_source ORDER BY id',
  child_search_source: 'SELECT * FROM child_search_source ORDER BY id',
  child_coverage_source: 'SELECT * FROM child_coverage_source ORDER BY id',
  sort: 'SELECT sort_key FROM child_search_order ORDER BY sort_key',
  messages: `SELECT id, child_id, state, sent_at, updated_at, length(public_id) AS public_id_length FROM messages ORDER BY id`,
}
