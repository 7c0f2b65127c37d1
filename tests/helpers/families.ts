import type { AuditLogTable } from '@db/schema'
import type { Selectable } from 'kysely'
import { sql } from 'kysely'
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

/** Which audit entries auditEntries returns (every given field must match). */
export interface AuditFilter {
  /** One action, or any of several. */
  action?: string | string[]
  entityType?: string
  entityId?: number
  familyId?: number
  childId?: number
  requestId?: number
  /** Only the entries written after the one with this id (see lastAuditId). */
  afterId?: number
}

export type AuditEntry = Selectable<AuditLogTable>

/**
 * The audit log's entries matching `filter`, oldest first, read through the
 * backend's kysely: the same on the SQLite file and on a server
 * (docs/architecture.md, « Mode serveur »).
 */
export async function auditEntries(backend: TestBackend, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  let query = backend.services.db.selectFrom('audit_log').selectAll()
  if (typeof filter.action === 'string') query = query.where('action', '=', filter.action)
  else if (filter.action) {
    if (filter.action.length === 0) return []
    query = query.where('action', 'in', filter.action)
  }
  if (filter.entityType !== undefined) query = query.where('entity_type', '=', filter.entityType)
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId)
  if (filter.familyId !== undefined) query = query.where('family_id', '=', filter.familyId)
  if (filter.childId !== undefined) query = query.where('child_id', '=', filter.childId)
  if (filter.requestId !== undefined) query = query.where('request_id', '=', filter.requestId)
  if (filter.afterId !== undefined) query = query.where('id', '>', filter.afterId)
  return query.orderBy('id').execute()
}

/** The id of the audit log's newest entry (0 when empty): a mark for auditEntries' afterId. */
export async function lastAuditId(backend: TestBackend): Promise<number> {
  const row = await backend.services.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst()
  return Number(row?.last ?? 0)
}

/** A row of the audit log, as the tests read it. */
export type AuditRow = {
  action: string
  entity_type: string
  entity_id: number
  family_id: number | null
  child_id: number | null
  request_id: number | null
  actor: string
  changes: string | null
}

/**
 * The audit log's entries matching `where` (SQL both engines run), in order,
 * through the backend's kysely; auditEntries takes a typed filter instead.
 */
export async function auditRows(backend: TestBackend, where = '1 = 1'): Promise<AuditRow[]> {
  const { rows } = await sql<AuditRow>`SELECT * FROM audit_log WHERE ${sql.raw(where)} ORDER BY id`.execute(
    backend.services.db,
  )
  return rows
}
