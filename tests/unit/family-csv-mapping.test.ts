import { describe, expect, it } from 'vitest'
import { checkMapping } from '../../src-main/backend/family-csv/mapping/foreign'
import { proposeMapping, proposeTarget } from '../../src-main/backend/family-csv/mapping/propose'
import { headerSetKey } from '../../src-main/backend/family-csv/mapping/store'
import { MAPPING_TARGETS } from '../../src-main/backend/family-csv/mapping/targets'

describe('column mapping of foreign files', () => {
  it('proposes the columns another software names its own way', () => {
    const cases: [string, string | null][] = [
      ['Code famille', 'famille:N° famille'],
      ['Numéro de famille', 'famille:N° famille'],
      ["Nom de l'enfant", 'enfant:Nom'],
      ['Prénom enfant', 'enfant:Prénom'],
      ['Date naiss.', 'enfant:Date de naissance'],
      ['N° enfant', 'enfant:Identifiant'],
      ['Tel portable', 'responsable:Mobile'],
      ['Code Postal', 'responsable:Code postal'],
      ['CP', 'responsable:Code postal'],
      ['Nom du père', 'responsable:Nom'],
      ['Nom de la mère', 'conjoint:Nom'],
      ['Mail parent 2', 'conjoint:Email'],
      ['Portable resp. 2', 'conjoint:Mobile'],
      ['N° allocataire CAF', 'famille:N° allocataire'],
      ['Quotient familial', 'famille:QF'],
      ['Couleur préférée', null],
    ]
    for (const [header, target] of cases) expect(proposeTarget(header), header).toBe(target)
    for (const target of cases.flatMap(([, t]) => (t ? [t] : [])))
      expect(MAPPING_TARGETS.map((t) => t.value)).toContain(target)
  })

  it('never proposes one target twice, and names the set of headers whatever their order and spelling', () => {
    expect(proposeMapping(['Nom enfant', "Nom de l'enfant", 'CP'])).toEqual([
      'enfant:Nom',
      null,
      'responsable:Code postal',
    ])
    expect(headerSetKey(['Nom enfant', 'CODE POSTAL'])).toBe(headerSetKey(['code postal', 'Nom  enfant']))
  })

  it('requires the family number, and the child identifier once child columns are mapped', () => {
    const headers = ['Nom enfant', 'Famille', 'Nom resp']
    expect(
      checkMapping('x.csv', headers, ['enfant:Nom', null, 'responsable:Nom']).problems.map((p) => p.message),
    ).toEqual([
      'associez une colonne à « Famille › N° famille » : sans elle, aucune ligne ne peut être rattachée à une famille.',
      'associez une colonne à « Enfant › Identifiant » : sans elle, les enfants ne peuvent pas être retrouvés.',
    ])
    const twice = checkMapping('x.csv', headers, ['enfant:Nom', 'famille:N° famille', 'enfant:Nom'])
    expect(twice.problems).toEqual([
      {
        file: 'x.csv',
        column: 'Nom resp',
        message: '« Enfant › Nom » est déjà la correspondance de la colonne « Nom enfant ».',
      },
      expect.objectContaining({ message: expect.stringContaining('Identifiant') }),
    ])
  })
})
