import { createRequire } from 'node:module'
import { postalCity } from '../places/communes'
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
  private readonly areas: WeightedPicker<{ share: number; communes: WeightedPicker<Commune> }>

  constructor() {
    const communes = loadCommunes()
    const areas = AREAS.map((area) => ({
      share: area.share,
      communes: new WeightedPicker(communes.filter(area.keep), (c) => c.population),
    }))
    this.areas = new WeightedPicker(areas, (area) => area.share)
  }

  pick(rng: Rng): { commune: Commune; postalCode: string } {
    const commune = this.areas.pick(rng).communes.pick(rng)
    return { commune, postalCode: rng.pick(commune.postalCodes) }
  }
}
