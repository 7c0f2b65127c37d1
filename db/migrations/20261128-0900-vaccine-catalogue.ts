import type { Migration } from './types'

// The vaccines French children's health records (carnets de santé) show for
// the 11 mandatory vaccinations (Code de la santé publique, L3111-2), with the
// diseases each one protects from, as codes of VACCINE_DISEASES. Some are no
// longer sold (Pentacoq, DTPolio) but stay in older children's records. The
// list lives here, frozen with the migration: later changes are new
// migrations, so that every database holds the same catalogue.
const DTCAP = ['diphtheria', 'tetanus', 'polio', 'pertussis']
const PENTAVALENT = [...DTCAP, 'hib']
const HEXAVALENT = [...PENTAVALENT, 'hepatitis_b']
const ROR = ['measles', 'mumps', 'rubella']

const CATALOGUE: [name: string, diseases: string[]][] = [
  ['Pentacoq', PENTAVALENT],
  ['Pentavac', PENTAVALENT],
  ['Infanrix Quinta', PENTAVALENT],
  ['Infanrix Hexa', HEXAVALENT],
  ['Hexyon', HEXAVALENT],
  ['Vaxelis', HEXAVALENT],
  ['Infanrix Tetra', DTCAP],
  ['Tetravac-acellulaire', DTCAP],
  ['Repevax', DTCAP],
  ['Boostrixtetra', DTCAP],
  ['Revaxis', ['diphtheria', 'tetanus', 'polio']],
  ['DTPolio', ['diphtheria', 'tetanus', 'polio']],
  ['Prevenar 13', ['pneumococcus']],
  ['Vaxneuvance', ['pneumococcus']],
  ['Prevenar 20', ['pneumococcus']],
  ['Neisvac C', ['meningococcus_c']],
  ['Menjugate', ['meningococcus_c']],
  // Conjugate ACWY vaccines: count for the mandatory meningococcus C.
  ['Nimenrix', ['meningococcus_c']],
  ['MenQuadfi', ['meningococcus_c']],
  ['Priorix', ROR],
  ['M-M-RVaxPro', ROR],
  ['Engerix B10', ['hepatitis_b']],
  ['HBVaxPro 5', ['hepatitis_b']],
  ['Act-Hib', ['hib']],
  ['Imovax Polio', ['polio']],
]

export const vaccineCatalogue: Migration = {
  name: '20261128-0900-vaccine-catalogue',
  up(db) {
    const product = db.prepare('INSERT INTO vaccine_products (name) VALUES (?) ON CONFLICT (name) DO NOTHING')
    const idOf = db.prepare('SELECT id FROM vaccine_products WHERE name = ?').pluck()
    const disease = db.prepare(
      'INSERT OR IGNORE INTO vaccine_product_diseases (product_id, disease) VALUES (?, ?)',
    )
    for (const [name, diseases] of CATALOGUE) {
      product.run(name)
      const id = idOf.get(name)
      for (const code of diseases) disease.run(id, code)
    }
  },
}
