import { ALLERGENS, DIETS } from '@shared/domain/health'
import { SCHOOL_WEEK } from './biviers'
import { landlineNumber } from './contact'
import { BOYS, GIRLS } from './data/first-names'
import { LAST_NAMES } from './data/last-names'
import { BIRTH_PLACES, SCHOOL_NAMES } from './data/places'
import { addYears, dayBetween } from './days'
import type { ChildRow, DemoChild, EnrolmentRow, HealthRow } from './rows'
import { vaccinationRows } from './vaccines'
import type { DemoWorld } from './world'

/** PS = petite section (born 3 years before the school year began) … CM2 (10 years before). */
export const CLASS_LEVELS = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'] as const
const NEUTRAL_DIETS = DIETS.filter((d) => d.value !== 'panier_repas').map((d) => d.value)
/** The allergens children most often have, more often drawn. */
const COMMON_ALLERGENS = ['peanuts', 'nuts', 'milk', 'eggs', 'gluten', 'fish']
const ILLNESSES = ['Asthme', 'Diabète de type 1', 'Épilepsie', 'Eczéma atopique', 'Drépanocytose']

export interface Household {
  lastName: string
  schoolName: string
  doctor: string | null
  doctorPhone: string | null
  region: string
  departement: string
}

/** A birth date in the year of `level`'s class, at least 3 years before today. */
function birthDate(world: DemoWorld, level: number): string {
  const year = world.schoolYear - 3 - level
  const latest = addYears(world.today, -3)
  const last = `${year}-12-31` < latest ? `${year}-12-31` : latest
  return dayBetween(world.rng, `${year}-01-01`, last)
}

function healthRows(world: DemoWorld): { health: HealthRow[]; severe: boolean } {
  const { rng } = world
  const health: HealthRow[] = []
  let severe = false
  if (rng.chance(0.08)) {
    const code = rng.chance(0.7) ? rng.pick(COMMON_ALLERGENS) : rng.pick(ALLERGENS).value
    severe = rng.chance(0.4)
    health.push({
      kind: 'allergie',
      label: ALLERGENS.find((a) => a.value === code)?.label ?? code,
      allergen: code,
      details: severe ? 'Risque de choc anaphylactique : stylo d’adrénaline' : 'Éviction stricte',
    })
  }
  if (rng.chance(0.04))
    health.push({ kind: 'maladie', label: rng.pick(ILLNESSES), allergen: null, details: null })
  return { health, severe }
}

function enrolments(world: DemoWorld): EnrolmentRow[] {
  const { rng, services } = world
  const startsOn = `${world.schoolYear}-09-01`
  const rows: EnrolmentRow[] = []
  for (const [service, share] of [
    [services.morning, 0.3],
    [services.evening, 0.45],
    [services.meals, 0.8],
  ])
    if (rng.chance(share)) rows.push({ service_id: service, starts_on: startsOn, weekdays: SCHOOL_WEEK })
  return rows
}

export function demoChild(world: DemoWorld, home: Household, identifier: string, level: number): DemoChild {
  const { rng } = world
  const sex = rng.chance(0.5) ? 'F' : 'M'
  const born = birthDate(world, level)
  const { health, severe } = healthRows(world)
  const pai = severe || rng.chance(0.02)
  const packedMeal = pai && rng.chance(0.3)
  const row: ChildRow = {
    identifier,
    last_name: rng.chance(0.05) ? `${home.lastName} ${rng.pick(LAST_NAMES)}` : home.lastName,
    first_name: rng.pick(sex === 'F' ? GIRLS : BOYS),
    sex,
    birth_date: born,
    birth_place: rng.chance(0.6) ? rng.pick(BIRTH_PLACES) : null,
    school: `École ${level < 3 ? 'maternelle' : 'élémentaire'} ${home.schoolName}`,
    class_level: CLASS_LEVELS[level],
    diet: packedMeal ? 'panier_repas' : rng.chance(0.12) ? rng.pick(NEUTRAL_DIETS) : null,
    pai: pai ? 1 : 0,
    // Most PAI run to the end of the school year; a few have lapsed and must be renewed.
    pai_valid_until: pai ? `${world.schoolYear + (rng.chance(0.9) ? 1 : 0)}-07-04` : null,
    pai_packed_meal: packedMeal ? 1 : 0,
    pai_details: pai ? 'Trousse d’urgence dans le bureau de l’accueil périscolaire' : null,
    doctor_name: home.doctor,
    doctor_phone: home.doctorPhone,
    health_form_completed_on: rng.chance(0.9)
      ? dayBetween(rng, `${world.schoolYear}-06-01`, world.today)
      : null,
  }
  return {
    row,
    vaccinations: vaccinationRows(world, born, home.doctor),
    health,
    enrolments: enrolments(world),
  }
}

export function household(
  world: DemoWorld,
  lastName: string,
  region: string,
  departement: string,
): Household {
  const { rng } = world
  const doctor = rng.chance(0.7) ? `Dr ${rng.pick(LAST_NAMES)}` : null
  return {
    lastName,
    schoolName: rng.pick(SCHOOL_NAMES),
    doctor,
    doctorPhone: doctor ? landlineNumber(rng, region, departement) : null,
    region,
    departement,
  }
}
