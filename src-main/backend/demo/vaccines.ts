import { ELEVEN_VACCINES_FROM } from '@shared/domain/health'
import { addDays, addYears } from './days'
import type { VaccinationRow } from './rows'
import type { DemoWorld } from './world'

// The infant schedule of the French vaccination calendar, as a child's
// health record shows it: a hexavalent and a pneumococcal vaccine at 2, 4
// and 11 months, meningococcus C at 5 and 12 months, MMR at 12 and 16-18
// months, a DTCaP booster at 6 years.
type Group = 'hexa' | 'pneumo' | 'menc' | 'ror' | 'dtcap'

const SCHEDULE: { group: Group; ageDays: number; dose: string }[] = [
  { group: 'hexa', ageDays: 61, dose: '1' },
  { group: 'pneumo', ageDays: 61, dose: '1' },
  { group: 'hexa', ageDays: 122, dose: '2' },
  { group: 'pneumo', ageDays: 122, dose: '2' },
  { group: 'menc', ageDays: 152, dose: '1' },
  { group: 'hexa', ageDays: 335, dose: '3' },
  { group: 'pneumo', ageDays: 335, dose: '3' },
  { group: 'ror', ageDays: 365, dose: '1' },
  { group: 'menc', ageDays: 365, dose: '2' },
  { group: 'ror', ageDays: 500, dose: '2' },
  { group: 'dtcap', ageDays: 6 * 365 + 30, dose: 'Rappel' },
]

const PRODUCTS: Record<Group | 'penta', string[]> = {
  hexa: ['Infanrix Hexa', 'Infanrix Hexa', 'Hexyon', 'Vaxelis'],
  penta: ['Pentavac', 'Infanrix Quinta'],
  pneumo: ['Prevenar 13', 'Prevenar 13', 'Vaxneuvance', 'Prevenar 20'],
  menc: ['Neisvac C', 'Neisvac C', 'Menjugate'],
  ror: ['Priorix', 'M-M-RVaxPro'],
  dtcap: ['Infanrix Tetra', 'Tetravac-acellulaire'],
}

/** What an incomplete record lacks: a whole series (hepatitis B: a pentavalent instead of a hexavalent). */
const GAPS = ['pneumo', 'menc', 'ror', 'hepb'] as const

function lotNumber(world: DemoWorld): string {
  const { rng } = world
  const letter = () => String.fromCharCode(65 + rng.int(0, 25))
  return `${letter()}${rng.digits(2)}${letter()}${letter()}${rng.digits(3)}`
}

/** Which series a child misses: none for most (88 %), one or two for the others. */
function gaps(world: DemoWorld): Set<string> {
  const { rng } = world
  const missing = new Set<string>()
  if (rng.chance(0.88)) return missing
  const count = rng.chance(0.7) ? 1 : 2
  while (missing.size < count) missing.add(rng.pick(GAPS))
  return missing
}

export function vaccinationRows(
  world: DemoWorld,
  birthDate: string,
  doctor: string | null,
): VaccinationRow[] {
  const { rng } = world
  const missing = gaps(world)
  const product: Record<Group, string> = {
    hexa: rng.pick(missing.has('hepb') ? PRODUCTS.penta : PRODUCTS.hexa),
    pneumo: rng.pick(PRODUCTS.pneumo),
    menc: rng.pick(PRODUCTS.menc),
    ror: rng.pick(PRODUCTS.ror),
    dtcap: rng.pick(PRODUCTS.dtcap),
  }
  // Before 2018 meningococcus C was one dose at 12 months.
  const singleMenC = birthDate < ELEVEN_VACCINES_FROM
  const rows: VaccinationRow[] = []
  for (const step of SCHEDULE) {
    if (missing.has(step.group) || (singleMenC && step.group === 'menc' && step.dose === '1')) continue
    const day = addDays(birthDate, step.ageDays + rng.int(0, 20))
    if (day > world.today) continue
    const name = product[step.group]
    rows.push({
      product_id: world.vaccines.get(name) as number,
      vaccine_name: name,
      vaccinated_on: day,
      dose: singleMenC && step.group === 'menc' ? '1' : step.dose,
      lot: lotNumber(world),
      booster_on: step.group === 'dtcap' ? addYears(birthDate, 11) : null,
      doctor,
    })
  }
  return rows
}

/** Every product name the schedule uses, so that the catalogue can be checked before generating. */
export const SCHEDULE_PRODUCTS = Object.values(PRODUCTS).flat()
