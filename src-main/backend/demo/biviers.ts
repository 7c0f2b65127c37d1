import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { AppError } from '../errors'
import { seedPendingRequestRows } from '../requests/seed-requests'
import type { DemoFamily } from './rows'
import type { DemoServices, DemoWorld } from './world'
import type { DemoWriter } from './writer'

// The commune of the seed: Biviers (Isère, académie de Grenoble, zone A),
// its périscolaire structure and the TEST family exactly as the portal shows it.
export const STRUCTURE_NAME = 'Ecoles de Biviers - Périscolaire'
/** Weekdays bit mask of the services: Monday, Tuesday, Thursday, Friday (no school on Wednesday). */
export const SCHOOL_WEEK = 1 + 2 + 8 + 16

const SERVICES = [
  { key: 'morning', name: 'Accueil du matin', code: 'BIV-MATIN', kind: 'accueil_matin' },
  { key: 'evening', name: 'Accueil du soir', code: 'BIV-SOIR', kind: 'accueil_soir' },
  { key: 'meals', name: 'Repas', code: 'BIV-REPAS', kind: 'restauration' },
] as const

/** The structure and its services, created unless they already exist (a database set up by hand). */
export async function biviersStructure(trx: Kysely<DB>, stamp: string): Promise<DemoServices> {
  await trx
    .insertInto('structures')
    .values({ name: STRUCTURE_NAME, zone: 'A', created_at: stamp, updated_at: stamp })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const { id: structureId } = await trx
    .selectFrom('structures')
    .select('id')
    .where('name', '=', STRUCTURE_NAME)
    .executeTakeFirstOrThrow()
  // The commune's name, printed at the head of the lists (Paramètres).
  await trx
    .insertInto('settings')
    .values({ key: 'commune.name', value: JSON.stringify('Biviers'), updated_at: stamp })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const ids: Partial<DemoServices> = {}
  for (const s of SERVICES) {
    await trx
      .insertInto('services')
      .values({
        structure_id: structureId,
        name: s.name,
        code: s.code,
        kind: s.kind,
        term_weekdays: SCHOOL_WEEK,
        created_at: stamp,
        updated_at: stamp,
      })
      .onConflict((oc) => oc.doNothing())
      .execute()
    const found = await trx
      .selectFrom('services')
      .select('id')
      .where('structure_id', '=', structureId)
      .where('name', '=', s.name)
      .executeTakeFirst()
    if (!found)
      throw new AppError('CONFLICT', `Le code de service ${s.code} est déjà pris par une autre structure.`)
    ids[s.key] = found.id
  }
  return ids as DemoServices
}

const noGuardianDetails = {
  quality: null, // the seed's "0": none chosen
  marital_status: null,
  address_line1: null,
  address_line2: null,
  address_line3: null,
  locality: null,
  postal_code: '38330',
  city: 'BIVIERS',
  home_phone: null,
  work_phone: null,
  mobile_phone: null,
  email: null,
  profession: null,
  csp: null,
  employer: null,
  employer_address: null,
  consent_email: 1,
  consent_sms: 1,
} as const

const seedPerson = {
  first_name: 'TEST',
  mobile: null,
  can_pick_up: 1,
  emergency_contact: 0,
  pickup_forbidden: 0,
  notes: null,
} as const

/** The seed's family: N° 383304832264, Monsieur TEST TEST, conjoint MME TEST, child TEST ENFANT. */
export function testFamily(world: DemoWorld): DemoFamily {
  // Enrolled since the seed's school year with no regular day: its July 2017
  // agenda is the seed's (docs/agenda.md); staff reserve its days one by one.
  const startsOn = '2016-09-01'
  return {
    family: {
      number: '383304832264',
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
    },
    quotients: [],
    guardians: [
      {
        role: 'responsable',
        civility: 'monsieur',
        last_name: 'TEST',
        first_name: 'TEST',
        ...noGuardianDetails,
      },
      { role: 'conjoint', civility: null, last_name: 'MME TEST', first_name: 'TEST', ...noGuardianDetails },
    ],
    children: [
      {
        row: {
          identifier: '383306398666',
          last_name: 'TEST',
          first_name: 'ENFANT',
          sex: null,
          birth_date: null,
          birth_place: null,
          school: null,
          class_level: null,
          diet: null,
          pai: 0,
          pai_valid_until: null,
          pai_packed_meal: 0,
          pai_details: null,
          doctor_name: null,
          doctor_phone: null,
          health_form_completed_on: null,
        },
        vaccinations: [],
        health: [],
        enrolments: Object.values(world.services).map((service_id) => ({
          service_id,
          starts_on: startsOn,
          weekdays: 0,
        })),
      },
    ],
    persons: [
      { ...seedPerson, last_name: 'VOISNE', relationship: 'voisin', phone: '0612345678' },
      { ...seedPerson, last_name: 'PLRI', relationship: 'grand_pere', phone: '0606060606' },
    ],
  }
}

/**
 * The seed's pending requests (the responsable's new e-mail and the
 * Pentacoq vaccination, both sent on 03/07/2017), in the request queue.
 */
export async function addTestFamilyRequests(
  writer: DemoWriter,
  family: { familyId: number; childIds: number[] },
  receivedAt: string,
): Promise<void> {
  await writer.writeRequests(
    family.familyId,
    seedPendingRequestRows(family.familyId, family.childIds[0], receivedAt),
  )
}
