import { createRequire } from 'node:module'
import { type Rng, WeightedPicker } from './rng'

interface CommuneRecord {
  code: string
  nom: string
  type: string
  zone: string
  departement?: string
  region?: string
  codesPostaux?: string[]
  population?: number
}

export interface Commune {
  /** As La Poste prints it on the last line: upper case, no accents ("SAINT-EGREVE"). */
  city: string
  postalCodes: string[]
  departement: string
  region: string
}

/** Where demo families live: near Biviers first, then Isère, the region, the rest of France. */
const AREAS: { share: number; keep: (c: Commune) => boolean }[] = [
  { share: 0.15, keep: (c) => c.postalCodes.includes('38330') },
  { share: 0.4, keep: (c) => c.departement === '38' && !c.postalCodes.includes('38330') },
  { share: 0.25, keep: (c) => c.region === '84' && c.departement !== '38' },
  { share: 0.2, keep: (c) => c.region !== '84' },
]

export function postalCity(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").toUpperCase()
}

/** The current communes of metropolitan France (the official list of @etalab/decoupage-administratif). */
function loadCommunes(): (Commune & { population: number })[] {
  const records = createRequire(import.meta.url)(
    '@etalab/decoupage-administratif/data/communes.json',
  ) as CommuneRecord[]
  return records
    .filter((r) => r.type === 'commune-actuelle' && r.zone === 'metro' && (r.codesPostaux?.length ?? 0) > 0)
    .map((r) => ({
      city: postalCity(r.nom),
      postalCodes: r.codesPostaux ?? [],
      departement: r.departement ?? '',
      region: r.region ?? '',
      population: r.population ?? 1,
    }))
}

/** Picks communes weighted by area (see AREAS) and, within an area, by population. */
export class CommunePicker {
  private readonly areas: { share: number; picker: WeightedPicker<Commune & { population: number }> }[]

  constructor() {
    const communes = loadCommunes()
    this.areas = AREAS.map((area) => ({
      share: area.share,
      picker: new WeightedPicker(communes.filter(area.keep), (c) => c.population),
    }))
  }

  pick(rng: Rng): { commune: Commune; postalCode: string } {
    let roll = rng.next()
    const area = this.areas.find((a) => (roll -= a.share) < 0) ?? this.areas[this.areas.length - 1]
    const commune = area.picker.pick(rng)
    return { commune, postalCode: rng.pick(commune.postalCodes) }
  }
}
