import type { DB } from '@db/schema'
import type { RetentionAction, RetentionCutoffs } from '@shared/contract/retention'
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import { HEALTH_BULK_ACTION, HEALTH_VIEW_ACTION } from '../ipc/health-trace'
import { chunks } from '../requests/chunks'
import { anonymiseKitchenOrders, kitchenOrdersHolding } from './kitchen-orders'
import type { RetentionScope } from './scope'

// What a plan does, table by table (docs/conservation.md, « Ce qui est
// effacé »). Each step selects the keys of the rows it changes (the plan
// counts them, the fingerprint covers the counts), then changes exactly
// those rows. Identity and health data are erased; what statistics need is
// kept: year of birth, sex, commune and postal code, enrolments, agenda and
// attendance, invoices and their amounts.

export const ANONYMOUS_NAME = 'Anonyme'
export const ANONYMOUS_SUBJECT = 'Anonymisé (conservation des données)'

export interface Step {
  table: string
  label: string
  action: RetentionAction
  /** Keys of the rows the step changes (row ids, or family ids for a table keyed by family). */
  select(db: Kysely<DB>, scope: RetentionScope): Promise<number[]>
  run(trx: Kysely<DB>, keys: number[], now: string): Promise<void>
}

const HEALTH_ACTIONS = [HEALTH_VIEW_ACTION, HEALTH_BULK_ACTION]

async function inParts(ids: readonly number[], work: (part: number[]) => Promise<unknown>): Promise<void> {
  for (const part of chunks(ids)) await work(part)
}

/** Distinct ids of `table` rows whose `column` is in `ids`, read in parts. */
async function idsWhere(
  _db: Kysely<DB>,
  select: (part: number[]) => Promise<{ id: number }[]>,
  ids: readonly number[],
): Promise<number[]> {
  const found = new Set<number>()
  for (const part of chunks(ids)) for (const row of await select(part)) found.add(row.id)
  return [...found].sort((a, b) => a - b)
}

async function requestIds(db: Kysely<DB>, scope: RetentionScope): Promise<number[]> {
  const byChild = await idsWhere(
    db,
    (part) => db.selectFrom('requests').select('id').where('child_id', 'in', part).execute(),
    scope.childIds,
  )
  const byFamily = await idsWhere(
    db,
    (part) => db.selectFrom('requests').select('id').where('family_id', 'in', part).execute(),
    scope.familyIds,
  )
  return [...new Set([...byChild, ...byFamily])].sort((a, b) => a - b)
}

/** An audit entry the plan deletes for its age: traces of health reads and other entries have their own period. */
function oldAudit(cutoffs: RetentionCutoffs) {
  return (eb: ExpressionBuilder<DB, 'audit_log'>) =>
    eb.or([
      eb.and([eb('action', 'in', HEALTH_ACTIONS), eb('at', '<', cutoffs.healthAccessBefore)]),
      eb.and([eb('action', 'not in', HEALTH_ACTIONS), eb('at', '<', cutoffs.auditBefore)]),
    ])
}

const children: Step = {
  table: 'children',
  label: 'Enfants',
  action: 'anonymiser',
  select: async (_db, scope) => scope.childIds,
  run: (trx, ids, now) =>
    inParts(ids, (part) =>
      trx
        .updateTable('children')
        .set({
          identifier: sql<string>`'anonyme-' || cast(id as text)`,
          last_name: ANONYMOUS_NAME,
          first_name: '',
          birth_year: sql<number>`cast(substr(birth_date, 1, 4) as integer)`,
          birth_date: null,
          birth_place: null,
          school: null,
          class_level: null,
          diet: null,
          pai: 0,
          pai_valid_until: null,
          pai_packed_meal: 0,
          pai_details: null,
          specific_care: null,
          doctor_name: null,
          doctor_phone: null,
          health_form_completed_on: null,
          provisional_admission_on: null,
          anonymised_at: now,
          updated_at: now,
          version: sql<number>`version + 1`,
        })
        .where('id', 'in', part)
        .execute(),
    ),
}

/** Rows of a child's table deleted outright (the child's health and contacts). */
function childRows(table: 'authorized_persons' | 'vaccinations' | 'health_conditions', label: string): Step {
  return {
    table,
    label,
    action: 'supprimer',
    select: (db, scope) =>
      idsWhere(
        db,
        (part) => db.selectFrom(table).select('id').where('child_id', 'in', part).execute(),
        scope.childIds,
      ),
    run: (trx, ids) => inParts(ids, (part) => trx.deleteFrom(table).where('id', 'in', part).execute()),
  }
}

const attendance: Step = {
  table: 'attendance_marks',
  label: 'Pointages (personne venue chercher l’enfant)',
  action: 'anonymiser',
  select: (db, scope) =>
    idsWhere(
      db,
      (part) =>
        db
          .selectFrom('attendance_marks')
          .select('id')
          .where('child_id', 'in', part)
          .where((eb) => eb.or([eb('picked_up_name', 'is not', null), eb('picked_up_by', 'is not', null)]))
          .execute(),
      scope.childIds,
    ),
  run: (trx, ids, now) =>
    inParts(ids, (part) =>
      trx
        .updateTable('attendance_marks')
        .set({ picked_up_name: null, picked_up_by: null, updated_at: now })
        .where('id', 'in', part)
        .execute(),
    ),
}

const agendaNotes: Step = {
  table: 'agenda_exceptions',
  label: 'Agenda (remarques et justificatifs)',
  action: 'anonymiser',
  select: (db, scope) =>
    idsWhere(
      db,
      (part) =>
        db
          .selectFrom('agenda_exceptions')
          .select('id')
          .where('child_id', 'in', part)
          .where((eb) =>
            eb.or([
              eb('note', 'is not', null),
              eb('late_reason', 'is not', null),
              eb('justification', 'is not', null),
            ]),
          )
          .execute(),
      scope.childIds,
    ),
  run: (trx, ids, now) =>
    inParts(ids, (part) =>
      trx
        .updateTable('agenda_exceptions')
        .set({ note: null, late_reason: null, justification: null, updated_at: now })
        .where('id', 'in', part)
        .execute(),
    ),
}

const requests: Step = {
  table: 'requests',
  label: 'Demandes (contenu, remarques, réponses)',
  action: 'anonymiser',
  select: requestIds,
  run: (trx, ids, now) =>
    inParts(ids, (part) =>
      trx
        .updateTable('requests')
        .set({
          payload: '{}',
          seen: null,
          comment: null,
          reply: null,
          resolution: null,
          subject: ANONYMOUS_SUBJECT,
          updated_at: now,
        })
        .where('id', 'in', part)
        .execute(),
    ),
}

const requestItems: Step = {
  table: 'request_items',
  label: 'Lignes des demandes (valeurs)',
  action: 'anonymiser',
  select: async (db, scope) =>
    idsWhere(
      db,
      (part) => db.selectFrom('request_items').select('id').where('request_id', 'in', part).execute(),
      await requestIds(db, scope),
    ),
  run: (trx, ids) =>
    inParts(ids, (part) =>
      trx
        .updateTable('request_items')
        .set({ seen_value: null, requested_value: null, applied_value: null, reason: null })
        .where('id', 'in', part)
        .execute(),
    ),
}

const messages: Step = {
  table: 'messages',
  label: 'Messages aux familles',
  action: 'anonymiser',
  select: async (db, scope) => {
    const byFamily = await idsWhere(
      db,
      (part) => db.selectFrom('messages').select('id').where('family_id', 'in', part).execute(),
      scope.familyIds,
    )
    const byRequest = await idsWhere(
      db,
      (part) => db.selectFrom('messages').select('id').where('request_id', 'in', part).execute(),
      await requestIds(db, scope),
    )
    const byChild = await idsWhere(
      db,
      (part) => db.selectFrom('messages').select('id').where('child_id', 'in', part).execute(),
      scope.childIds,
    )
    return [...new Set([...byFamily, ...byRequest, ...byChild])].sort((a, b) => a - b)
  },
  run: (trx, ids, now) =>
    inParts(ids, (part) =>
      trx
        .updateTable('messages')
        .set({ subject: ANONYMOUS_SUBJECT, body: '', updated_at: now })
        .where('id', 'in', part)
        .execute(),
    ),
}

const kitchen: Step = {
  table: 'kitchen_orders',
  label: 'Commandes de repas envoyées (liste des enfants)',
  action: 'anonymiser',
  select: (db, scope) => kitchenOrdersHolding(db, scope.childIds),
  run: (trx, ids) => anonymiseKitchenOrders(trx, ids),
}

const auditAbout: Step = {
  table: 'audit_log',
  label: 'Journal d’audit : valeurs avant/après et notes sur ces enfants et familles',
  action: 'anonymiser',
  select: async (db, scope) => {
    const about = (column: 'family_id' | 'child_id' | 'request_id', ids: readonly number[]) =>
      idsWhere(
        db,
        (part) =>
          db
            .selectFrom('audit_log')
            .select('id')
            .where(column, 'in', part)
            .where((eb) => eb.or([eb('changes', 'is not', null), eb('note', 'is not', null)]))
            .where((eb) => eb.not(oldAudit(scope.cutoffs)(eb)))
            .execute(),
        ids,
      )
    const found = [
      ...(await about('family_id', scope.familyIds)),
      ...(await about('child_id', scope.childIds)),
      ...(await about('request_id', await requestIds(db, scope))),
    ]
    return [...new Set(found)].sort((a, b) => a - b)
  },
  run: (trx, ids) =>
    inParts(ids, (part) =>
      trx.updateTable('audit_log').set({ changes: null, note: null }).where('id', 'in', part).execute(),
    ),
}

/**
 * Entries about no family nor child whose note cites one of their numbers
 * (the export of the health-data access log filtered on a family or a child,
 * for instance): the note goes. Numbers are read as runs of digits.
 */
const auditCiting: Step = {
  table: 'audit_log',
  label: 'Journal d’audit : notes qui citent leur N° famille ou leur identifiant',
  action: 'anonymiser',
  select: async (db, scope) => {
    const numbers = new Set<string>()
    for (const part of chunks(scope.familyIds))
      for (const r of await db.selectFrom('families').select('number').where('id', 'in', part).execute())
        numbers.add(r.number)
    for (const part of chunks(scope.childIds))
      for (const r of await db.selectFrom('children').select('identifier').where('id', 'in', part).execute())
        numbers.add(r.identifier)
    if (numbers.size === 0) return []
    const found: number[] = []
    for (let after = 0; ; ) {
      const rows = await db
        .selectFrom('audit_log')
        .select(['id', 'note'])
        .where('id', '>', after)
        .where('family_id', 'is', null)
        .where('child_id', 'is', null)
        .where('note', 'is not', null)
        .where((eb) => eb.not(oldAudit(scope.cutoffs)(eb)))
        .orderBy('id')
        .limit(5000)
        .execute()
      for (const row of rows)
        if ((row.note ?? '').match(/\d+/g)?.some((n) => numbers.has(n))) found.push(row.id)
      if (rows.length < 5000) return found
      after = rows[rows.length - 1].id
    }
  },
  run: (trx, ids) =>
    inParts(ids, (part) =>
      trx.updateTable('audit_log').set({ note: null }).where('id', 'in', part).execute(),
    ),
}

const families: Step = {
  table: 'families',
  label: 'Familles',
  action: 'anonymiser',
  select: async (_db, scope) => scope.familyIds,
  run: (trx, ids, now) =>
    inParts(ids, (part) =>
      trx
        .updateTable('families')
        .set({
          number: sql<string>`'anonyme-' || cast(id as text)`,
          caf_organisation: null,
          caf_number: null,
          tax_reference_income: null,
          tax_shares: null,
          bank_holder: null,
          bank_name: null,
          iban: null,
          bic: null,
          sepa_rum: null,
          sepa_signed_on: null,
          direct_debit: 0,
          anonymised_at: now,
          updated_at: now,
          version: sql<number>`version + 1`,
        })
        .where('id', 'in', part)
        .execute(),
    ),
}

const guardians: Step = {
  table: 'guardians',
  label: 'Responsables',
  action: 'anonymiser',
  select: (db, scope) =>
    idsWhere(
      db,
      (part) => db.selectFrom('guardians').select('id').where('family_id', 'in', part).execute(),
      scope.familyIds,
    ),
  // The commune and postal code stay (statistics); everything else that names or reaches the person goes.
  run: (trx, ids, now) =>
    inParts(ids, (part) =>
      trx
        .updateTable('guardians')
        .set({
          civility: null,
          last_name: ANONYMOUS_NAME,
          first_name: '',
          quality: null,
          marital_status: null,
          address_line1: null,
          address_line2: null,
          address_line3: null,
          locality: null,
          home_phone: null,
          work_phone: null,
          mobile_phone: null,
          email: null,
          profession: null,
          csp: null,
          employer: null,
          employer_address: null,
          consent_email: 0,
          consent_sms: 0,
          updated_at: now,
          version: sql<number>`version + 1`,
        })
        .where('id', 'in', part)
        .execute(),
    ),
}

const quotients: Step = {
  table: 'family_quotients',
  label: 'Quotients familiaux',
  action: 'supprimer',
  select: (db, scope) =>
    idsWhere(
      db,
      (part) => db.selectFrom('family_quotients').select('id').where('family_id', 'in', part).execute(),
      scope.familyIds,
    ),
  run: (trx, ids) =>
    inParts(ids, (part) => trx.deleteFrom('family_quotients').where('id', 'in', part).execute()),
}

const invoices: Step = {
  table: 'invoices',
  label: 'Factures (référence du mandat, remarque ; les montants restent)',
  action: 'anonymiser',
  select: (db, scope) =>
    idsWhere(
      db,
      (part) =>
        db
          .selectFrom('invoices')
          .select('id')
          .where('family_id', 'in', part)
          .where((eb) => eb.or([eb('sepa_rum', 'is not', null), eb('note', 'is not', null)]))
          .execute(),
      scope.familyIds,
    ),
  run: (trx, ids) =>
    inParts(ids, (part) =>
      trx.updateTable('invoices').set({ sepa_rum: null, note: null }).where('id', 'in', part).execute(),
    ),
}

const payments: Step = {
  table: 'payments',
  label: 'Paiements (référence ; les montants restent)',
  action: 'anonymiser',
  select: (db, scope) =>
    idsWhere(
      db,
      (part) =>
        db
          .selectFrom('payments')
          .select('id')
          .where('family_id', 'in', part)
          .where('reference', 'is not', null)
          .execute(),
      scope.familyIds,
    ),
  run: (trx, ids) =>
    inParts(ids, (part) =>
      trx.updateTable('payments').set({ reference: null }).where('id', 'in', part).execute(),
    ),
}

/** Keyed by family: one key per row, so that the count is the number of rows. */
const mandates: Step = {
  table: 'sepa_mandate_uses',
  label: 'Mandats de prélèvement utilisés',
  action: 'supprimer',
  select: async (db, scope) => {
    const keys: number[] = []
    for (const part of chunks(scope.familyIds))
      for (const row of await db
        .selectFrom('sepa_mandate_uses')
        .select('family_id')
        .where('family_id', 'in', part)
        .execute())
        keys.push(row.family_id)
    return keys.sort((a, b) => a - b)
  },
  run: (trx, keys) =>
    inParts([...new Set(keys)], (part) =>
      trx.deleteFrom('sepa_mandate_uses').where('family_id', 'in', part).execute(),
    ),
}

function oldEntries(health: boolean): Step {
  return {
    table: 'audit_log',
    label: health
      ? 'Traces de consultation des données de santé plus anciennes que leur durée'
      : 'Entrées du journal d’audit plus anciennes que leur durée',
    action: 'supprimer',
    select: async (db, scope) => {
      const rows = await db
        .selectFrom('audit_log')
        .select('id')
        .where('action', health ? 'in' : 'not in', HEALTH_ACTIONS)
        .where('at', '<', health ? scope.cutoffs.healthAccessBefore : scope.cutoffs.auditBefore)
        .orderBy('id')
        .execute()
      return rows.map((r) => r.id)
    },
    run: (trx, ids) => inParts(ids, (part) => trx.deleteFrom('audit_log').where('id', 'in', part).execute()),
  }
}

export const AUDIT_OLD_STEP = oldEntries(false)
export const HEALTH_OLD_STEP = oldEntries(true)

/** In the order they run: rows are selected before any runs, so the order only matters for readability. */
export const STEPS: Step[] = [
  children,
  childRows('authorized_persons', 'Personnes autorisées'),
  childRows('vaccinations', 'Vaccinations'),
  childRows('health_conditions', 'Santé (maladies, allergies, contre-indications)'),
  attendance,
  agendaNotes,
  requests,
  requestItems,
  messages,
  kitchen,
  auditAbout,
  auditCiting,
  families,
  guardians,
  quotients,
  invoices,
  payments,
  mandates,
  AUDIT_OLD_STEP,
  HEALTH_OLD_STEP,
]
