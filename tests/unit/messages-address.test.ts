import { describe, expect, it } from 'vitest'
import { addressBlock, isDeliverable, postalTown } from '../../src-main/backend/messages/address-block'

// The recipient's block for a window envelope (NF Z10-011, docs/messages.md).

const base = {
  civility: 'Madame',
  firstName: 'Claire',
  lastName: 'Dupont',
  line1: '12 rue des Écoles',
  line2: null,
  line3: null,
  locality: null,
  postalCode: '38330',
  city: 'Saint-Ismier',
}

describe('address block', () => {
  it('goes from the person to the town, town in capitals without accents nor hyphens', () => {
    expect(addressBlock(base)).toEqual(['Madame Claire DUPONT', '12 rue des Écoles', '38330 SAINT ISMIER'])
  })

  it('keeps the order of the six lines and leaves the empty ones out', () => {
    expect(
      addressBlock({
        ...base,
        line2: 'Chez M. Martin, appartement 12',
        line3: 'Résidence Les Tilleuls, bât. B',
        locality: 'Lieu-dit Le Bourg',
        city: 'Biviers',
      }),
    ).toEqual([
      'Madame Claire DUPONT',
      'Chez M. Martin, appartement 12',
      'Résidence Les Tilleuls, bât. B',
      '12 rue des Écoles',
      'Lieu-dit Le Bourg',
      '38330 BIVIERS',
    ])
  })

  it('keeps every line within 38 characters: the first name goes first', () => {
    const block = addressBlock({
      ...base,
      firstName: 'Marie-Christine-Éléonore',
      lastName: 'de La Tour du Pin Gouvernet',
    })
    expect(block[0]).toBe('Madame DE LA TOUR DU PIN GOUVERNET')
    for (const line of addressBlock({ ...base, lastName: 'X'.repeat(60), line1: 'Y'.repeat(50) }))
      expect(line.length).toBeLessThanOrEqual(38)
  })

  it('tells an address a letter cannot reach', () => {
    expect(isDeliverable(base)).toBe(true)
    expect(isDeliverable({ ...base, line1: null })).toBe(false)
    expect(isDeliverable({ ...base, line1: null, locality: 'Le Bourg' })).toBe(true)
    expect(isDeliverable({ ...base, postalCode: null })).toBe(false)
    expect(postalTown("L'Isle-d'Abeau")).toBe('L ISLE D ABEAU')
  })
})
