import { createRequire } from 'node:module'
import type { CommuneSuggestion } from '@shared/contract/places'

// The communes of each postal code, from the official list published by
// Etalab (@etalab/decoupage-administratif, about 9 MB): read on the first
// question only, then kept indexed by postal code.

interface CommuneRecord {
  code: string
  nom: string
  type: string
  codesPostaux?: string[]
}

/** "Saint-Nazaire-les-Eymes" → "SAINT-NAZAIRE-LES-EYMES": upper case without accents, as addresses print it. */
export function postalCity(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").toUpperCase()
}

let index: Map<string, CommuneSuggestion[]> | null = null

function buildIndex(): Map<string, CommuneSuggestion[]> {
  const records = createRequire(import.meta.url)(
    '@etalab/decoupage-administratif/data/communes.json',
  ) as CommuneRecord[]
  const byCode = new Map<string, CommuneSuggestion[]>()
  // Current communes only: Paris, Lyon and Marseille appear once, not per arrondissement.
  for (const record of records) {
    if (record.type !== 'commune-actuelle') continue
    const suggestion = { name: record.nom, city: postalCity(record.nom), insee: record.code }
    for (const code of record.codesPostaux ?? []) {
      const list = byCode.get(code) ?? []
      list.push(suggestion)
      byCode.set(code, list)
    }
  }
  for (const list of byCode.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
  return byCode
}

/** The communes a postal code serves, by name; empty for a code that serves none. */
export function communesOf(postalCode: string): CommuneSuggestion[] {
  index ??= buildIndex()
  return index.get(postalCode) ?? []
}
