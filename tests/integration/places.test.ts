import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { CommuneSuggestion } from '../../src-shared/contract/places'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'

let backend: TestBackend
let admin: Session
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
})
afterEach(async () => backend.dispose())

const communes = (postalCode: string) =>
  backend.call<CommuneSuggestion[]>('places/communes', { postalCode }, admin)

describe('communes of a postal code', () => {
  it('gives the four communes of 38330, in postal form for the Ville field', async () => {
    expect(await communes('38330')).toEqual([
      { name: 'Biviers', city: 'BIVIERS', insee: '38045' },
      { name: 'Montbonnot-Saint-Martin', city: 'MONTBONNOT-SAINT-MARTIN', insee: '38249' },
      { name: 'Saint-Ismier', city: 'SAINT-ISMIER', insee: '38397' },
      { name: 'Saint-Nazaire-les-Eymes', city: 'SAINT-NAZAIRE-LES-EYMES', insee: '38431' },
    ])
  })

  it('names Paris once for an arrondissement’s code, removes accents and apostrophes', async () => {
    expect((await communes('75001')).map((c) => c.city)).toEqual(['PARIS'])
    expect((await communes('01400')).map((c) => c.city)).toContain("L'ABERGEMENT-CLEMENCIAT")
    expect(await communes(' 38 330 ')).toHaveLength(4)
  })

  it('answers nothing for an unused code and refuses a malformed one in French', async () => {
    expect(await communes('00000')).toEqual([])
    const refused = await backend.dispatch('places/communes', { postalCode: '3833' }, admin)
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'Code postal : code postal invalide (5 chiffres)' },
    })
  })
})
