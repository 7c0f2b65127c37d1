import { afterEach, describe, expect, it } from 'vitest'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'

let backend: TestBackend
afterEach(async () => backend.dispose())

const countStaff = (b: TestBackend) => b.services.sqlite.prepare('SELECT count(*) FROM staff').pluck().get()
const countAudit = (b: TestBackend) =>
  b.services.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()

describe('the dispatcher', () => {
  it('rejects malformed input with French messages naming each field, writing nothing', async () => {
    backend = createTestBackend()
    const session = await signedInAdmin(backend)
    const staffBefore = countStaff(backend)
    const auditBefore = countAudit(backend)
    const envelope = await backend.dispatch(
      'staff/create',
      { login: 'é!', displayName: '', role: 'chef', password: 'abc', extra: 1 },
      session,
    )
    expect(envelope.ok).toBe(false)
    if (envelope.ok) return
    expect(envelope.error.code).toBe('VALIDATION')
    const messages = envelope.error.fields!.map((f) => f.message)
    expect(messages).toContain(
      'Identifiant : lettres sans accents, chiffres, point, tiret ou souligné uniquement',
    )
    expect(messages).toContain('Nom affiché : obligatoire')
    expect(messages.some((m) => m.startsWith('Rôle : valeur non reconnue'))).toBe(true)
    expect(messages).toContain('Mot de passe : au moins 8 caractères')
    expect(messages.some((m) => m.includes('champ inconnu : extra'))).toBe(true)
    expect(countStaff(backend)).toBe(staffBefore)
    expect(countAudit(backend)).toBe(auditBefore)
  })

  it('rejects an oversized input before parsing it, writing nothing', async () => {
    backend = createTestBackend()
    const session = await signedInAdmin(backend)
    const staffBefore = countStaff(backend)
    const envelope = await backend.dispatch(
      'staff/create',
      { login: 'big', displayName: 'x'.repeat(400_000), role: 'agent', password: 'Grand-2026!' },
      session,
    )
    expect(envelope).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } })
    expect(countStaff(backend)).toBe(staffBefore)
  })

  it('rejects input that is not an object at all', async () => {
    backend = createTestBackend()
    const session = await signedInAdmin(backend)
    for (const raw of ['texte', 42, [1, 2], null]) {
      const envelope = await backend.dispatch('staff/create', raw, session)
      expect(envelope.ok).toBe(false)
    }
  })

  it('refuses an unknown channel, a missing sign-in and a role that is too low', async () => {
    backend = createTestBackend()
    expect(await backend.dispatch('nothing/here', {}, backend.session())).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await backend.dispatch('staff/list', {}, backend.session())).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Votre session a expiré : reconnectez-vous.' },
    })
    const admin = await signedInAdmin(backend)
    await backend.call(
      'staff/create',
      { login: 'agent1', displayName: 'Agent Un', role: 'agent', password: 'Agent-2026!' },
      admin,
    )
    const agent = backend.session()
    await backend.call('auth/login', { login: 'agent1', password: 'Agent-2026!' }, agent)
    expect(await backend.dispatch('staff/list', {}, agent)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
  })

  it('hides unexpected failures behind a French message and logs the detail', async () => {
    backend = createTestBackend()
    const session = await signedInAdmin(backend)
    backend.services.sqlite.exec('DROP TABLE audit_log')
    const envelope = await backend.dispatch(
      'staff/create',
      { login: 'agent2', displayName: 'Agent Deux', role: 'agent', password: 'Agent-2026!' },
      session,
    )
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    if (!envelope.ok) expect(envelope.error.message).toMatch(/rien n’a été enregistré/)
    // The transaction was rolled back: no account without its audit entry.
    expect(
      backend.services.sqlite.prepare("SELECT count(*) FROM staff WHERE login = 'agent2'").pluck().get(),
    ).toBe(0)
  })
})

describe('transactions', () => {
  it('report a query sent through the root db inside a transaction instead of hanging', async () => {
    backend = createTestBackend()
    const { inTransaction } = await import('../../src-main/backend/db/transaction')
    const { db } = backend.services
    await expect(inTransaction(db, async () => db.selectFrom('staff').selectAll().execute())).rejects.toThrow(
      /use the trx/,
    )
    // The connection is free again afterwards.
    expect(await db.selectFrom('staff').selectAll().execute()).toEqual([])
  })
})
