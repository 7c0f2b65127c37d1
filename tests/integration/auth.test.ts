import { afterEach, describe, expect, it } from 'vitest'
import { failureDelayMs, LOCK_MINUTES, MAX_FAILED_ATTEMPTS } from '../../src-main/backend/auth/service'
import { ADMIN_INPUT, createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'

let backend: TestBackend
afterEach(async () => backend.dispose())

const login = (b: TestBackend, password: string, session = b.session()) =>
  b.dispatch('auth/login', { login: ADMIN_INPUT.login, password }, session)

describe('sign-in', () => {
  it('first start: status asks for the administrator, who can be created only once', async () => {
    backend = createTestBackend()
    const status = await backend.call<{ needsSetup: boolean }>('auth/status', {}, backend.session())
    expect(status.needsSetup).toBe(true)
    const session = await signedInAdmin(backend)
    expect(await backend.call('auth/status', {}, session)).toEqual({
      needsSetup: false,
      staff: {
        id: 1,
        login: 'admin',
        displayName: 'Camille Admin',
        role: 'administrateur',
        mustChangePassword: false,
      },
      locked: false,
      lockMinutes: 15,
    })
    const again = await backend.dispatch(
      'auth/setupAdmin',
      { ...ADMIN_INPUT, login: 'other' },
      backend.session(),
    )
    expect(again).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const { password_hash: hash } = await backend.services.db
      .selectFrom('staff')
      .select('password_hash')
      .executeTakeFirstOrThrow()
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/)
    expect(hash).not.toContain(ADMIN_INPUT.password)
  })

  it('refuses a wrong password with one message for unknown login and bad password', async () => {
    backend = createTestBackend()
    await signedInAdmin(backend)
    const wrong = await login(backend, 'Pas-le-bon-2026')
    const unknown = await backend.dispatch(
      'auth/login',
      { login: 'nobody', password: 'x' },
      backend.session(),
    )
    expect(wrong).toEqual({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Identifiant ou mot de passe incorrect.' },
    })
    expect(unknown).toEqual(wrong)
    const session = backend.session()
    expect((await login(backend, ADMIN_INPUT.password, session)).ok).toBe(true)
    expect(session.staffId).toBe(1)
  })

  it(`locks the account after ${MAX_FAILED_ATTEMPTS} failures, even against the right password`, async () => {
    backend = createTestBackend()
    await signedInAdmin(backend)
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++)
      expect((await login(backend, 'Faux-mot-2026')).ok).toBe(false)
    const locked = await login(backend, ADMIN_INPUT.password)
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
    if (!locked.ok) expect(locked.error.message).toMatch(/verrouillé/)
    backend.clock.advance(LOCK_MINUTES * 60_000 + 1000)
    expect((await login(backend, ADMIN_INPUT.password)).ok).toBe(true)
  }, 60_000)

  it('answers each failure more slowly than the previous one, up to two seconds', () => {
    const delays = [1, 2, 3, 4, 8, 20].map(failureDelayMs)
    expect(delays).toEqual([250, 500, 750, 1000, 2000, 2000])
  })

  it('signs out, and a deactivated account loses its session at once', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    const created = await backend.call<{ id: number; version: number }>(
      'staff/create',
      { login: 'agent1', displayName: 'Agent Un', role: 'agent', password: 'Agent-2026!' },
      admin,
    )
    const agent = backend.session()
    await backend.call('auth/login', { login: 'agent1', password: 'Agent-2026!' }, agent)
    await backend.call('staff/update', { id: created.id, version: created.version, active: false }, admin)
    expect(await backend.dispatch('system/info', {}, agent)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    await backend.call('auth/logout', {}, admin)
    expect(admin.staffId).toBeNull()
  })

  it('keeps at least one active administrator', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    const refused = await backend.dispatch('staff/update', { id: 1, version: 1, role: 'agent' }, admin)
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'Il doit rester au moins un administrateur actif.' },
    })
  })

  it('writes an audit entry naming who created an account', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    await backend.call(
      'staff/create',
      { login: 'agent1', displayName: 'Agent Un', role: 'agent', password: 'Agent-2026!' },
      admin,
    )
    const entry = await backend.services.db
      .selectFrom('audit_log')
      .select(['actor', 'staff_id', 'changes'])
      .where('action', '=', 'staff.create')
      .executeTakeFirstOrThrow()
    expect(entry.actor).toBe('Camille Admin')
    expect(entry.staff_id).toBe(1)
    expect(JSON.parse(entry.changes ?? 'null')).toContainEqual({
      field: 'role',
      label: 'Rôle',
      before: null,
      after: 'Agent',
    })
  })

  it('refuses a stale version when two administrators edit the same account', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    const created = await backend.call<{ id: number; version: number }>(
      'staff/create',
      { login: 'agent1', displayName: 'Agent Un', role: 'agent', password: 'Agent-2026!' },
      admin,
    )
    await backend.call('staff/update', { id: created.id, version: created.version, displayName: 'A' }, admin)
    const second = await backend.dispatch(
      'staff/update',
      { id: created.id, version: created.version, displayName: 'B' },
      admin,
    )
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })
})
