import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { ChildFile } from '../../src-shared/contract/children'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { auditEntries, createFamilyWithChild, signedInAs } from '../helpers/families'

let backend: TestBackend
let admin: Session
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  const { family, child } = await createFamilyWithChild(backend, admin)
  await backend.call(
    'families/saveGuardian',
    { familyId: family.id, role: 'conjoint', version: null, patch: { nom: 'MME TEST', prenom: 'TEST' } },
    admin,
  )
  await backend.call('families/setQuotient', { familyId: family.id, qf: 850, qf_du: '01/01/2026' }, admin)
  for (const person of [
    { nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'Voisin(e)', telephone: '0612345678' },
    { nom: 'PLRI', prenom: 'TEST', lien_de_parente: 'Grand père', telephone: '0606060606' },
  ])
    await backend.call('authorizedPersons/add', { childId: child.id, values: person }, admin)
  await backend.call(
    'vaccinations/add',
    { childId: child.id, values: { vaccin: 'Pentacoq', date: '12/06/2014', date_rappel: '01/07/2017' } },
    admin,
  )
  await backend.call<ChildFile>(
    'healthConditions/add',
    { childId: child.id, values: { type: 'allergie', libelle: 'Arachide', allergene: 'peanuts' } },
    admin,
  )
})
afterEach(async () => backend.dispose())

const run = (...argv: string[]) => runCli('--db', backend.database, ...argv)

describe('marelle family show', () => {
  it('prints the family as JSON with the field names of docs/demandes-portail.md', async () => {
    const result = await run('family', 'show', '383304832264', '--json')
    expect(result.code).toBe(0)
    const doc = JSON.parse(result.out)
    expect(doc).toMatchObject({
      n_famille: '383304832264',
      organisme: null,
      qf: 850,
      qf_du: '2026-01-01',
      qf_au: null,
      quotients: [{ qf: 850, qf_du: '2026-01-01', qf_au: null }],
      prelevement: false,
    })
    expect(doc.responsables.map((r: { role: string; nom: string }) => [r.role, r.nom])).toEqual([
      ['Responsable', 'TEST'],
      ['Conjoint', 'MME TEST'],
    ])
    expect(doc.responsables[0]).toMatchObject({ code_postal: '38330', ville: 'BIVIERS', email: null })
    const [child] = doc.enfants
    expect(child).toMatchObject({ identifiant: '383306398666', nom: 'TEST', prenom: 'ENFANT', pai: false })
    expect(child.personnes_autorisees).toEqual([
      expect.objectContaining({ nom: 'PLRI', lien_de_parente: 'grand_pere', telephone: '0606060606' }),
      expect.objectContaining({ nom: 'VOISNE', lien_de_parente: 'voisin', telephone: '0612345678' }),
    ])
    expect(child.vaccinations).toEqual([
      {
        vaccin: 'Pentacoq',
        date: '2014-06-12',
        dose: null,
        lot: null,
        date_rappel: '2017-07-01',
        medecin: null,
      },
    ])
    expect(child.sante).toEqual([
      { type: 'allergie', libelle: 'Arachide', allergene: 'peanuts', details: null },
    ])
    // Every key is snake_case ASCII.
    const keys = JSON.stringify(doc).match(/"[^"]+":/g) ?? []
    for (const key of keys) expect(key).toMatch(/^"[a-z0-9_]+":$/)
    // Reading health data is traced, as on screen.
    const views = await auditEntries(backend, { action: 'child.health.view' })
    expect(views.filter((e) => e.note?.includes('family show'))).toHaveLength(1)
  })

  it('prints a readable French summary without --json', async () => {
    const result = await run('family', 'show', '383304832264')
    expect(result.code).toBe(0)
    expect(result.out).toContain('Famille n° 383304832264')
    expect(result.out).toContain('  Civilité : Monsieur')
    expect(result.out).toContain('Conjoint\n  Nom : MME TEST')
    expect(result.out).toContain('  QF : 850 du 01/01/2026')
    expect(result.out).toContain('Enfant : TEST ENFANT (identifiant 383306398666)')
    expect(result.out).toContain(
      '    - Nom : VOISNE, Prénom : TEST, Lien de parenté : Voisin(e), Téléphone : 06 12 34 56 78, Peut récupérer l’enfant : Oui\n',
    )
    expect(result.out).toContain('    - Vaccin : Pentacoq, Date : 12/06/2014, Date de rappel : 01/07/2017')
    expect(result.out).toContain('    - Type : Allergie, Libellé : Arachide, Allergène : Arachides')
  })

  it('leaves health data out for a role that may not see it', async () => {
    await signedInAs(backend, admin, 'agent')
    const { login } = await backend.services.db
      .selectFrom('staff')
      .select('login')
      .where('role', '=', 'agent')
      .executeTakeFirstOrThrow()
    const result = await run('--as', String(login), 'family', 'show', '383304832264', '--json')
    const [child] = JSON.parse(result.out).enfants
    expect(child.vaccinations).toBeUndefined()
    expect(child.sante).toBeUndefined()
    expect(child.pai).toBeUndefined()
    expect(child.personnes_autorisees).toHaveLength(2)
    const text = await run('--as', String(login), 'family', 'show', '383304832264')
    expect(text.out).toContain('Données de santé : non visibles pour votre rôle.')
    const views = await auditEntries(backend, { action: 'child.health.view' })
    expect(views.filter((e) => e.actor.startsWith('Compte agent'))).toHaveLength(0)
  })

  it('exits 1 with a French message for an unknown or malformed number, 2 without one', async () => {
    expect(await run('family', 'show', '999')).toMatchObject({ code: 1, err: 'Famille n° 999 introuvable.' })
    expect(await run('family', 'show', 'abc')).toMatchObject({
      code: 1,
      err: 'N° famille invalide : « abc » (chiffres uniquement).',
    })
    expect((await run('family', 'show')).code).toBe(2)
  })
})
