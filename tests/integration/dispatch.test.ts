import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { itSqliteOnly } from '../helpers/pg-backend'

let backend: TestBackend
afterEach(async () => backend.dispose())

const countStaff = async (b: TestBackend) =>
  (await b.services.db.selectFrom('staff').select('id').execute()).length
const countAudit = async (b: TestBackend) =>
  (await b.services.db.selectFrom('audit_log').select('id').execute()).length

describe('the dispatcher', () => {
  it('rejects malformed input with French messages naming each field, writing nothing', async () => {
    backend = createTestBackend()
    const session = await signedInAdmin(backend)
    const staffBefore = await countStaff(backend)
    const auditBefore = await countAudit(backend)
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
    expect(await countStaff(backend)).toBe(staffBefore)
    expect(await countAudit(backend)).toBe(auditBefore)
  })

  it('rejects an oversized input before parsing it, writing nothing', async () => {
    backend = createTestBackend()
    const session = await signedInAdmin(backend)
    const staffBefore = await countStaff(backend)
    const envelope = await backend.dispatch(
      'staff/create',
      { login: 'big', displayName: 'x'.repeat(400_000), role: 'agent', password: 'Grand-2026!' },
      session,
    )
    expect(envelope).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } })
    expect(await countStaff(backend)).toBe(staffBefore)
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
    // The audit log gone (both engines rename a table the same way): every write fails.
    await sql`ALTER TABLE audit_log RENAME TO audit_log_gone`.execute(backend.services.db)
    const envelope = await backend.dispatch(
      'staff/create',
      { login: 'agent2', displayName: 'Agent Deux', role: 'agent', password: 'Agent-2026!' },
      session,
    )
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    if (!envelope.ok) expect(envelope.error.message).toMatch(/rien n’a été enregistré/)
    // The transaction was rolled back: no account without its audit entry.
    expect(
      await backend.services.db.selectFrom('staff').select('id').where('login', '=', 'agent2').execute(),
    ).toEqual([])
  })
})

describe('transactions', () => {
  // The file has one connection, which the transaction holds: a query on the root db would wait for ever.
  // (A server's pool gives it another connection: it does not hang there.)
  itSqliteOnly(
    'report a query sent through the root db inside a transaction instead of hanging',
    async () => {
      backend = createTestBackend()
      const { inTransaction } = await import('../../src-main/backend/db/transaction')
      const { db } = backend.services
      await expect(
        inTransaction(db, async () => db.selectFrom('staff').selectAll().execute()),
      ).rejects.toThrow(/use the trx/)
      // The connection is free again afterwards.
      expect(await db.selectFrom('staff').selectAll().execute()).toEqual([])
    },
  )
})
