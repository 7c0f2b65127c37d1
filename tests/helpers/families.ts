import type { Session } from '../../src-main/backend/context'
import type { ChildFile } from '../../src-shared/contract/children'
import type { FamilyFile } from '../../src-shared/contract/families'
import type { TestBackend } from './backend'

/** A family with a responsable and one child, created through the channels as staff would. */
export async function createFamilyWithChild(backend: TestBackend, session: Session) {
  const family = await backend.call<FamilyFile>(
    'families/create',
    {
      number: '383304832264',
      responsable: {
        civilite: 'Monsieur',
        nom: 'TEST',
        prenom: 'TEST',
        code_postal: '38330',
        ville: 'BIVIERS',
      },
    },
    session,
  )
  const child = await backend.call<ChildFile>(
    'children/create',
    { familyId: family.id, identifier: '383306398666', values: { nom: 'TEST', prenom: 'ENFANT' } },
    session,
  )
  return { family, child }
}

/** Signs a new staff member of `role` in, created by the administrator's session. */
export async function signedInAs(backend: TestBackend, admin: Session, role: 'agent' | 'responsable') {
  const login = `${role}-${Math.floor(Math.random() * 1e6)}`
  await backend.call(
    'staff/create',
    // Not provisional: these tests act as the account at once (the change at first sign-in is in auth-session).
    { login, displayName: `Compte ${role}`, role, password: 'Marelle-2026!', provisional: false },
    admin,
  )
  const session = backend.session()
  await backend.call('auth/login', { login, password: 'Marelle-2026!' }, session)
  return session
}

export function auditRows(backend: TestBackend, where = '1 = 1') {
  return backend.services.sqlite.prepare(`SELECT * FROM audit_log WHERE ${where} ORDER BY id`).all() as {
    action: string
    entity_type: string
    entity_id: number
    family_id: number | null
    child_id: number | null
    request_id: number | null
    actor: string
    changes: string | null
  }[]
}
