import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { type ApplyInput, applyAgendaDates, createEnrolment } from '../../src-main/backend/agenda/index'
import type { Actor } from '../../src-main/backend/context'
import { inTransaction } from '../../src-main/backend/db/transaction'
import type { DeadlineRule } from '../../src-shared/domain/deadlines'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { createFamilyWithChild } from '../helpers/families'

// A Biviers world for the agenda tests: the périscolaire structure in zone A
// with the seed's three services, TEST ENFANT, and the zone A holidays of
// 2016-2017 as the official calendar gives them (added when the shipped
// calendar migration has not loaded them).

export const ACTOR: Actor = {
  staffId: null,
  login: 'test',
  displayName: 'Agent de test',
  role: 'administrateur',
}

const ZONE_A_2016_2017 = [
  ['Vacances de la Toussaint', 'petites', '2016-10-19', '2016-11-03'],
  ['Vacances de Noël', 'petites', '2016-12-17', '2017-01-03'],
  ['Vacances d’Hiver', 'petites', '2017-02-18', '2017-03-06'],
  ['Vacances de Printemps', 'petites', '2017-04-15', '2017-05-02'],
  ['Vacances d’Été', 'grandes', '2017-07-08', '2017-09-04'],
] as const

export async function ensureHolidays(db: Kysely<DB>) {
  const known = await db
    .selectFrom('school_holidays')
    .select('id')
    .where('zone', '=', 'A')
    .where('school_year', '=', '2016-2017')
    .executeTakeFirst()
  if (known) return
  const now = new Date().toISOString()
  await db
    .insertInto('school_holidays')
    .values(
      ZONE_A_2016_2017.map(([name, kind, starts_on, resumes_on]) => ({
        zone: 'A' as const,
        name,
        kind,
        school_year: '2016-2017',
        starts_on,
        resumes_on,
        source: 'test',
        created_at: now,
        updated_at: now,
      })),
    )
    .execute()
}

export interface ServiceSetup {
  code: string
  name: string
  kind: 'accueil_matin' | 'accueil_soir' | 'restauration' | 'accueil_loisirs'
  attendance?: 'regulier' | 'reservation'
  capacity?: number | null
  booking?: DeadlineRule | null
  cancel?: DeadlineRule | null
  latePolicy?: 'refuse' | 'staff'
  billsLateAbsence?: boolean
  justificationDays?: number
  termWeekdays?: number
  holidayWeekdays?: number
}

/** Monday, Tuesday, Thursday, Friday. */
export const SCHOOL_WEEK = 1 | 2 | 8 | 16

export interface AgendaWorld {
  backend: TestBackend
  db: Kysely<DB>
  ctx: ReturnType<TestBackend['context']>
  structureId: number
  childId: number
  familyId: number
  addService(setup: ServiceSetup): Promise<number>
  enrol(
    serviceId: number,
    startsOn: string,
    weekdays: number,
    more?: { endsOn?: string; alternateFrom?: string; childId?: number },
  ): Promise<number>
  act(input: Omit<ApplyInput, 'at'> & { at?: string }): ReturnType<typeof applyAgendaDates>
  addChild(identifier: string, firstName: string): Promise<number>
  close(structureOrService: { serviceId?: number }, from: string, to: string, label: string): Promise<void>
}

export async function agendaWorld(): Promise<AgendaWorld> {
  const backend = createTestBackend()
  const admin = await signedInAdmin(backend)
  const { family, child } = await createFamilyWithChild(backend, admin)
  const ctx = backend.context(ACTOR)
  const db = ctx.db
  await ensureHolidays(db)
  const now = new Date().toISOString()
  const { id: structureId } = await db
    .insertInto('structures')
    .values({ name: 'Ecoles de Biviers - Périscolaire', zone: 'A', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  return {
    backend,
    db,
    ctx,
    structureId,
    childId: child.id,
    familyId: family.id,
    async addService(s) {
      const { id } = await db
        .insertInto('services')
        .values({
          structure_id: structureId,
          name: s.name,
          code: s.code,
          kind: s.kind,
          term_weekdays: s.termWeekdays ?? SCHOOL_WEEK,
          holiday_weekdays: s.holidayWeekdays ?? 0,
          capacity: s.capacity ?? null,
          attendance: s.attendance ?? 'regulier',
          booking_deadline: s.booking ? JSON.stringify(s.booking) : null,
          cancel_deadline: s.cancel ? JSON.stringify(s.cancel) : null,
          late_policy: s.latePolicy ?? 'staff',
          bills_late_absence: s.billsLateAbsence === false ? 0 : 1,
          justification_days: s.justificationDays ?? 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return id
    },
    async enrol(serviceId, startsOn, weekdays, more = {}) {
      const view = await inTransaction(db, (trx) =>
        createEnrolment(trx, ctx, {
          childId: more.childId ?? child.id,
          serviceId,
          startsOn,
          weekdays,
          endsOn: more.endsOn ?? null,
          alternateFrom: more.alternateFrom ?? null,
        }),
      )
      return view.id
    },
    act({ at, ...input }) {
      const moment = new Date(at ?? '2017-07-03T08:00:00Z')
      return inTransaction(db, (trx) => applyAgendaDates(trx, ctx, { ...input, at: moment }))
    },
    async addChild(identifier, firstName) {
      const { id } = await db
        .insertInto('children')
        .values({
          family_id: family.id,
          identifier,
          last_name: 'TEST',
          first_name: firstName,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return id
    },
    async close({ serviceId }, from, to, label) {
      await db
        .insertInto('calendar_periods')
        .values({
          structure_id: structureId,
          service_id: serviceId ?? null,
          kind: 'fermeture',
          starts_on: from,
          ends_on: to,
          label,
          created_at: now,
          updated_at: now,
        })
        .execute()
    },
  }
}
