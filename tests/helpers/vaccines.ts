import type { TestBackend } from './backend'

// A few products of the vaccine catalogue with the diseases they cover, for
// tests that check vaccination status (INSERT OR IGNORE: the catalogue
// migration may already hold them).
const PRODUCTS: [string, string[]][] = [
  ['Pentacoq', ['diphtheria', 'tetanus', 'polio', 'pertussis', 'hib']],
  ['Infanrix Hexa', ['diphtheria', 'tetanus', 'polio', 'pertussis', 'hib', 'hepatitis_b']],
  ['Prevenar 13', ['pneumococcus']],
  ['Neisvac C', ['meningococcus_c']],
  ['Priorix', ['measles', 'mumps', 'rubella']],
]

export function seedVaccineProducts(backend: TestBackend): void {
  const sqlite = backend.services.sqlite
  for (const [name, diseases] of PRODUCTS) {
    sqlite.prepare('INSERT OR IGNORE INTO vaccine_products (name) VALUES (?)').run(name)
    const id = sqlite.prepare('SELECT id FROM vaccine_products WHERE name = ?').pluck().get(name)
    for (const disease of diseases)
      sqlite
        .prepare('INSERT OR IGNORE INTO vaccine_product_diseases (product_id, disease) VALUES (?, ?)')
        .run(id, disease)
  }
}
