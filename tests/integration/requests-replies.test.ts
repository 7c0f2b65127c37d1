import { describe, expect, it } from 'vitest'
import { signedInAs } from '../helpers/families'
import { requestsFixture, SEED_PERSON_DELETE } from '../helpers/requests'

const t = requestsFixture()

describe('the reply drafted with a decision', () => {
  it('a validated deletion says the person was deleted', async () => {
    await t.api.import(SEED_PERSON_DELETE)
    const decided = await t.api.decide(SEED_PERSON_DELETE.ref, 'all')
    expect(decided.reply).toContain('Nous avons supprimé de votre dossier :\n- Nom : VOISNE\n- Prénom : TEST')
    expect(decided.reply).not.toContain('enregistré')
  })

  it('a phone request’s reply says it was made by phone, and never sends the family back to the service', async () => {
    const agent = await signedInAs(t.backend, t.admin, 'agent')
    const { id } = await t.backend.call<{ id: number }>(
      'requests/create',
      {
        channel: 'téléphone',
        family: '383304832264',
        kind: 'responsable.update',
        payload: { ville: 'MEYLAN' },
      },
      agent,
    )
    const review = await t.api.get(id)
    const decided = await t.api.decide(review.ref, 'none', { reason: 'adresse incomplète' })
    expect(decided.reply).toMatch(
      /^Bonjour Monsieur TEST TEST,\n\nVotre demande faite par téléphone le 27\/11\/2026/,
    )
    expect(decided.reply).not.toMatch(/contacter directement/)
  })
})
