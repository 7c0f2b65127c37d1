import type { DB } from '@db/schema'
import { addDays, inMask, mondayOf } from '@shared/domain/days'
import type { DeadlineRule } from '@shared/domain/deadlines'
import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely'
import { isPatternDay } from '../agenda/cell'
import { loadServiceCalendars } from '../calendar/service-days'
import { SCHOOL_WEEK, STRUCTURE_NAME } from './biviers'
import { SCHOOL_NAMES } from './data/places'
import { Rng } from './rng'

// The demo's agenda (docs/agenda.md, « Démonstration »), laid over the
// families once they are written: the services' rules (deadlines, capacity,
// late absences), a city's structures (a périscolaire group per 2,500
// children, so that a service has about 2,000 children as in a large city),
// varied weekly patterns, and a few reservations, absences and closures
// around today (TEST ENFANT, enrolled since 2016 with no regular day, is
// written by biviers.ts and keeps the seed's July 2017). Deterministic for
// a seed: its own random stream, rows read in id order.

const CHILDREN_PER_GROUP = 2_500
const TEST_CHILD = '383306398666'

const KINDS = [
  { suffix: 'MATIN', name: 'Accueil du matin', kind: 'accueil_matin' },
  { suffix: 'SOIR', name: 'Accueil du soir', kind: 'accueil_soir' },
  { suffix: 'REPAS', name: 'Repas', kind: 'restauration' },
] as const

const MEAL_RULES = {
  booking_deadline: rule({ kind: 'days_before', days: 2, count: 'working', time: '10:00' }),
  cancel_deadline: rule({ kind: 'days_before', days: 2, count: 'working', time: '10:00' }),
  late_policy: 'staff' as const,
  bills_late_absence: 1,
  justification_days: 7,
}
const CARE_RULES = {
  booking_deadline: rule({ kind: 'weekday_previous_week', weekday: 4, time: '12:00' }),
  cancel_deadline: rule({ kind: 'days_before', days: 1, count: 'opening', time: '18:00' }),
  late_policy: 'refuse' as const,
  bills_late_absence: 0,
  justification_days: 0,
}

function rule(r: DeadlineRule): string {
  return JSON.stringify(r)
}

/** Weekly patterns of the morning and evening care, most often the whole school week. */
const CARE_PATTERNS = [SCHOOL_WEEK, SCHOOL_WEEK, SCHOOL_WEEK, 1 | 2, 8 | 16, 1 | 8, 2 | 16, 1 | 2 | 8]

export interface DemoAgendaInput {
  seed: string
  today: string
  /** First year of the school year the demo is built for (2026 for 2026-2027). */
  schoolYear: number
  stamp: string
}

export async function writeDemoAgenda(trx: Kysely<DB>, input: DemoAgendaInput): Promise<void> {
  const rng = new Rng(`${input.seed}:agenda`)
  const structureId = await structureOf(trx, STRUCTURE_NAME)
  await spreadOverGroups(trx, structureId, input.stamp)
  await varyPatterns(trx, input)
  await setServiceRules(trx)
  await closures(trx, input)
  await reservationsAndAbsences(trx, rng, input)
}

async function structureOf(trx: Kysely<DB>, name: string): Promise<number> {
  const row = await trx
    .selectFrom('structures')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return row.id
}

async function servicesOf(trx: Kysely<DB>, structureId: number) {
  return trx
    .selectFrom('services')
    .select(['id', 'kind'])
    .where('structure_id', '=', structureId)
    .where(
      'kind',
      'in',
      KINDS.map((k) => k.kind),
    )
    .execute()
}

/** Children beyond the first 2,500 go to their own périscolaire group, with the same three services. */
async function spreadOverGroups(trx: Kysely<DB>, biviers: number, stamp: string) {
  const biviersServices = await servicesOf(trx, biviers)
  const children = await trx
    .selectFrom('children')
    .select([sql<number>`min(id)`.as('first'), sql<number>`count(*)`.as('count')])
    .executeTakeFirstOrThrow()
  const groups = Math.ceil(Number(children.count) / CHILDREN_PER_GROUP)
  const moves: RawBuilder<unknown>[] = []
  for (let g = 1; g < groups; g++) {
    const patron = SCHOOL_NAMES[(g - 1) % SCHOOL_NAMES.length]
    const round = Math.floor((g - 1) / SCHOOL_NAMES.length)
    const name = `Groupe scolaire ${patron}${round > 0 ? ` ${round + 1}` : ''} - Périscolaire`
    const { id } = await trx
      .insertInto('structures')
      .values({ name, zone: 'A', created_at: stamp, updated_at: stamp })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const k of KINDS) {
      const created = await trx
        .insertInto('services')
        .values({
          structure_id: id,
          name: k.name,
          code: `GS${String(g).padStart(3, '0')}-${k.suffix}`,
          kind: k.kind,
          term_weekdays: SCHOOL_WEEK,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const old = biviersServices.find((s) => s.kind === k.kind)
      if (old) moves.push(sql`(${sql.lit(old.id)}, ${sql.lit(g)}, ${sql.lit(created.id)})`)
    }
  }
  if (moves.length === 0) return
  // One pass over the enrolments: (Biviers service, group of the child) → the group's service.
  // The columns of VALUES are column1, column2… in SQLite and PostgreSQL alike. Integers
  // are written as literals: a bound number is a REAL for SQLite, and 7 / 2500.0 is no group.
  await sql`UPDATE enrolments SET service_id = m.column3
    FROM (VALUES ${sql.join(moves)}) AS m
    WHERE enrolments.service_id = m.column1
      AND (enrolments.child_id - ${sql.lit(Number(children.first))}) / ${sql.lit(CHILDREN_PER_GROUP)} = m.column2`.execute(
    trx,
  )
}

/** Morning and evening care on varied days, one child in twenty-three one week in two; meals stay on the school week. */
async function varyPatterns(trx: Kysely<DB>, input: DemoAgendaInput) {
  const care = trx.selectFrom('services').select('id').where('kind', 'in', ['accueil_matin', 'accueil_soir'])
  const varied = [...CARE_PATTERNS.entries()].filter(([, mask]) => mask !== SCHOOL_WEEK)
  const cases = sql.join(
    varied.map(([i, mask]) => sql`WHEN ${sql.lit(i)} THEN ${sql.lit(mask)}`),
    sql` `,
  )
  await trx
    .updateTable('enrolments')
    .set({
      weekdays: sql<number>`CASE child_id % ${sql.lit(CARE_PATTERNS.length)} ${cases} ELSE weekdays END`,
      alternate_from: sql<
        string | null
      >`CASE WHEN child_id % 23 = 0 THEN ${mondayOf(`${input.schoolYear}-09-07`)} ELSE alternate_from END`,
    })
    .where('service_id', 'in', care)
    .execute()
}

/** Deadlines, late rules and a capacity a tenth above the children enrolled. */
async function setServiceRules(trx: Kysely<DB>) {
  const counts = await trx
    .selectFrom('services')
    .leftJoin('enrolments', 'enrolments.service_id', 'services.id')
    .select(['services.id', 'services.kind', sql<number>`count(enrolments.id)`.as('enrolled')])
    .groupBy(['services.id', 'services.kind'])
    .execute()
  for (const s of counts) {
    const capacity = Math.max(20, Math.ceil((Number(s.enrolled) * 1.1) / 10) * 10)
    await trx
      .updateTable('services')
      .set({ ...(s.kind === 'restauration' ? MEAL_RULES : CARE_RULES), capacity })
      .where('id', '=', s.id)
      .execute()
  }
}

/** A training day of the evening care in each structure, and one structure closed on a Friday. */
async function closures(trx: Kysely<DB>, input: DemoAgendaInput) {
  const structures = await trx.selectFrom('structures').select('id').orderBy('id').execute()
  const evenings = await trx
    .selectFrom('services')
    .select(['id', 'structure_id'])
    .where('kind', '=', 'accueil_soir')
    .orderBy('id')
    .execute()
  // Term-time days: the first open Tuesday and Friday two weeks ahead in the first evening care.
  const first = evenings[0]
  if (!first) return
  const ahead = (
    await loadServiceCalendars(trx, [first.id], addDays(input.today, 14), addDays(input.today, 60))
  )
    .get(first.id)
    ?.days.filter((d) => d.open)
  const training = ahead?.find((d) => inMask(2, d.date))?.date
  const bridge = ahead?.find((d) => inMask(16, d.date))?.date
  if (!training || !bridge) return
  const rows = [
    ...evenings.map((s) => ({
      structure_id: s.structure_id,
      service_id: s.id,
      starts_on: training,
      ends_on: training,
      label: 'Formation des animateurs',
    })),
    ...structures
      .filter((_, i) => i % 3 === 0)
      .map((s) => ({
        structure_id: s.id,
        service_id: null,
        starts_on: bridge,
        ends_on: bridge,
        label: 'Fermeture exceptionnelle : travaux',
      })),
  ]
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('calendar_periods')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          ...r,
          kind: 'fermeture' as const,
          created_at: input.stamp,
          updated_at: input.stamp,
        })),
      )
      .execute()
}

/** One enrolment in ten gets an absence or an extra day around today, as staff would have recorded them. */
async function reservationsAndAbsences(trx: Kysely<DB>, rng: Rng, input: DemoAgendaInput) {
  const from = addDays(input.today, -21)
  const to = addDays(input.today, 28)
  const enrolments = await trx
    .selectFrom('enrolments')
    .select(['id', 'child_id', 'service_id', 'weekdays', 'alternate_from'])
    .where('starts_on', '<=', from)
    .where('ends_on', 'is', null)
    .where(sql<boolean>`id % 10 = 3`)
    // TEST ENFANT keeps the seed's agenda, with nothing stored.
    .where('child_id', 'not in', (eb) =>
      eb.selectFrom('children').select('id').where('identifier', '=', TEST_CHILD),
    )
    .orderBy('id')
    .execute()
  const calendars = await loadServiceCalendars(
    trx,
    [...new Set(enrolments.map((e) => e.service_id))],
    from,
    to,
  )
  const rows: Insertable<DB['agenda_exceptions']>[] = []
  for (const e of enrolments) {
    const calendar = calendars.get(e.service_id)
    if (!calendar) continue
    const open = calendar.days.filter((d) => d.open)
    if (open.length === 0) continue
    const day = rng.pick(open).date
    const regular = isPatternDay(
      {
        startsOn: from,
        endsOn: null,
        weekdays: e.weekdays,
        alternateFrom: e.alternate_from,
        state: 'validee',
      },
      day,
    )
    const past = day < input.today
    const state = regular
      ? rng.pick(
          past ? (['conge', 'conge', 'absent_facture', 'absent_execute'] as const) : (['conge'] as const),
        )
      : ('reservation_hors_contrat' as const)
    rows.push({
      child_id: e.child_id,
      service_id: e.service_id,
      day,
      state,
      request_id: null,
      note: state === 'conge' ? rng.pick(['Rendez-vous médical', 'Sortie en famille', 'Malade']) : null,
      booked: state === 'reservation_hors_contrat' ? 1 : 0,
      late: state === 'absent_facture' || state === 'absent_execute' ? 1 : 0,
      late_reason: null,
      justification: state === 'absent_execute' ? 'Certificat médical' : null,
      justified_on: state === 'absent_execute' ? addDays(day, 2) : null,
      created_at: input.stamp,
      updated_at: input.stamp,
    })
  }
  for (let i = 0; i < rows.length; i += 1_000)
    await trx
      .insertInto('agenda_exceptions')
      .values(rows.slice(i, i + 1_000))
      .execute()
}
