import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src-main/backend/db/migrate'
import { VACCINE_DISEASES } from '../../src-shared/domain/health'
import { findVaccineProduct, vaccineStatus } from '../../src-shared/domain/vaccine-status'

function catalogue() {
  const sqlite = new BetterSqlite3(':memory:')
  migrate(sqlite)
  const rows = sqlite
    .prepare(
      `SELECT p.name, group_concat(d.disease) AS diseases FROM vaccine_products p
       JOIN vaccine_product_diseases d ON d.product_id = p.id GROUP BY p.id ORDER BY p.id`,
    )
    .all() as { name: string; diseases: string }[]
  sqlite.close()
  return rows.map((r) => ({ name: r.name, diseases: r.diseases.split(',').sort() }))
}

describe('vaccine catalogue', () => {
  const products = catalogue()
  const diseasesOf = (name: string) => findVaccineProduct(products, name)?.diseases

  it('holds the products used in France, each with known disease codes', () => {
    expect(products.map((p) => p.name)).toEqual([
      'Pentacoq',
      'Pentavac',
      'Infanrix Quinta',
      'Infanrix Hexa',
      'Hexyon',
      'Vaxelis',
      'Infanrix Tetra',
      'Tetravac-acellulaire',
      'Repevax',
      'Boostrixtetra',
      'Revaxis',
      'DTPolio',
      'Prevenar 13',
      'Vaxneuvance',
      'Prevenar 20',
      'Neisvac C',
      'Menjugate',
      'Nimenrix',
      'MenQuadfi',
      'Priorix',
      'M-M-RVaxPro',
      'Engerix B10',
      'HBVaxPro 5',
      'Act-Hib',
      'Imovax Polio',
    ])
    const codes = new Set<string>(VACCINE_DISEASES.map((d) => d.value))
    for (const product of products) for (const disease of product.diseases) expect(codes).toContain(disease)
  })

  it('gives each product the diseases it protects from', () => {
    expect(diseasesOf('Pentacoq')).toEqual(['diphtheria', 'hib', 'pertussis', 'polio', 'tetanus'])
    expect(diseasesOf('Hexyon')).toEqual([
      'diphtheria',
      'hepatitis_b',
      'hib',
      'pertussis',
      'polio',
      'tetanus',
    ])
    expect(diseasesOf('Priorix')).toEqual(['measles', 'mumps', 'rubella'])
    expect(diseasesOf('Revaxis')).toEqual(['diphtheria', 'polio', 'tetanus'])
    expect(diseasesOf('Nimenrix')).toEqual(['meningococcus_c'])
    expect(diseasesOf('Vaxneuvance')).toEqual(['pneumococcus'])
  })

  it('covers the 11 mandatory vaccinations with four products', () => {
    const vaccinations = ['Vaxelis', 'Prevenar 20', 'MenQuadfi', 'M-M-RVaxPro'].map((name) => ({
      name,
      date: '2024-01-01',
    }))
    expect(
      vaccineStatus({ birthDate: '2023-10-01', vaccinations, today: '2026-11-27', catalogue: products })
        .complete,
    ).toBe(true)
  })
})
