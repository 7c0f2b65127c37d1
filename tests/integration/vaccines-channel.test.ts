import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { VaccineProduct } from '../../src-shared/domain/vaccine-status'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { signedInAs } from '../helpers/families'

let backend: TestBackend
let admin: Session
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
})
afterEach(async () => backend.dispose())

describe('vaccines/catalogue', () => {
  it('gives every staff member the products by name with the diseases each covers', async () => {
    const agent = await signedInAs(backend, admin, 'agent')
    const products = await backend.call<VaccineProduct[]>('vaccines/catalogue', {}, agent)
    const names = products.map((p) => p.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)))
    expect([...(products.find((p) => p.name === 'Pentacoq')?.diseases ?? [])].sort()).toEqual(
      ['diphtheria', 'hib', 'pertussis', 'polio', 'tetanus'].sort(),
    )
  })
})
