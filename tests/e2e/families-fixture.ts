import { ADMIN, createAdmin, type Host } from './host'

const API_SESSION = 'e2e-families-session-0001'

type Call = (channel: string, input: unknown) => Promise<unknown>

export interface TestFamily {
  familyId: number
  childId: number
  /** Calls a channel as the administrator, as another staff member's screen would. */
  call: Call
}

/** Signs the API session in as the administrator (created first). */
export async function adminApi(host: Host) {
  await createAdmin(host)
  await host.api('auth/login', { login: ADMIN.login, password: ADMIN.password }, API_SESSION)
  return (channel: string, input: unknown) => host.api(channel, input, API_SESSION)
}

/**
 * The seed's TEST family, as the portal's "Mon compte" and "Les
 * autorisations" screens show it, created through the channels.
 */
export async function createTestFamily(call: Call): Promise<TestFamily> {
  const consents = { autorisation_courriel: true, autorisation_sms: true }
  const family = (await call('families/create', {
    number: '383304832264',
    responsable: {
      civilite: 'Monsieur',
      nom: 'TEST',
      prenom: 'TEST',
      code_postal: '38330',
      ville: 'BIVIERS',
      ...consents,
    },
  })) as { id: number }
  await call('families/saveGuardian', {
    familyId: family.id,
    role: 'conjoint',
    version: null,
    patch: { nom: 'MME TEST', prenom: 'TEST', code_postal: '38330', ville: 'BIVIERS', ...consents },
  })
  const child = (await call('children/create', {
    familyId: family.id,
    identifier: '383306398666',
    values: { nom: 'TEST', prenom: 'ENFANT', date_de_naissance: '2014-03-02' },
  })) as { id: number }
  for (const person of [
    { nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'Voisin(e)', telephone: '0612345678' },
    { nom: 'PLRI', prenom: 'TEST', lien_de_parente: 'Grand père', telephone: '0606060606' },
  ])
    await call('authorizedPersons/add', { childId: child.id, values: person })
  return { familyId: family.id, childId: child.id, call }
}
