import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN_INPUT, createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'

// The window that locks itself, and the provisional password (issue 9 point 5,
// issue 10 point 19; docs/comptes.md).

let backend: TestBackend
afterEach(async () => backend.dispose())

const AGENT = { login: 'l.martin', displayName: 'Léa Martin', role: 'agent', password: 'Bienvenue-2026' }

describe('window lock after inactivity', () => {
  it('refuses every channel but unlock, then unlocks with the password, keeping the session', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    expect(await backend.call('settings/get', {}, admin)).toMatchObject({ lockMinutes: 15 })
    await backend.call('settings/update', { lockMinutes: 5 }, admin)
    expect(await backend.call('auth/status', {}, admin)).toMatchObject({ locked: false, lockMinutes: 5 })

    await backend.call('auth/lock', {}, admin)
    expect(await backend.call('auth/status', {}, admin)).toMatchObject({
      locked: true,
      staff: { login: ADMIN_INPUT.login },
    })
    expect(await backend.dispatch('system/info', {}, admin)).toMatchObject({
      ok: false,
      error: { code: 'LOCKED', message: expect.stringMatching(/verrouillée/) },
    })
    expect(await backend.dispatch('auth/unlock', { password: 'Pas-le-bon-2026' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    expect(await backend.dispatch('system/info', {}, admin)).toMatchObject({ ok: false })
    await backend.call('auth/unlock', { password: ADMIN_INPUT.password }, admin)
    expect(admin.staffId).toBe(1)
    expect((await backend.dispatch('system/info', {}, admin)).ok).toBe(true)

    const notes = await backend.services.db
      .selectFrom('audit_log')
      .select(['action', 'note'])
      .where('entity_type', '=', 'staff')
      .where('action', '!=', 'staff.setup')
      .orderBy('id')
      .execute()
    expect(notes).toEqual([
      { action: 'staff.window-locked', note: 'Fenêtre verrouillée après 5 minutes sans activité' },
      { action: 'staff.signin-failed', note: 'Échec de connexion (1 de suite)' },
      { action: 'staff.signin', note: 'Connexion' },
    ])
  }, 120_000)

  it('refuses a lock time outside 1 to 120 minutes, naming the field', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    const refused = await backend.dispatch('settings/update', { lockMinutes: 0 }, admin)
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/^Verrouillage après inactivité \(minutes\)/)
  })
})

describe('provisional password', () => {
  it('an account created by an administrator must change its password before anything else', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    const created = await backend.call<{ mustChangePassword: boolean }>('staff/create', AGENT, admin)
    expect(created.mustChangePassword).toBe(true)
    const agent = backend.session()
    const signed = await backend.call('auth/login', { login: AGENT.login, password: AGENT.password }, agent)
    expect(signed).toMatchObject({ mustChangePassword: true })
    expect(await backend.dispatch('families/search', {}, agent)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/provisoire/) },
    })
    expect(
      await backend.dispatch(
        'auth/changePassword',
        { currentPassword: AGENT.password, password: AGENT.password, passwordConfirm: AGENT.password },
        agent,
      ),
    ).toMatchObject({ ok: false, error: { fields: [{ path: 'password' }] } })
    await backend.call(
      'auth/changePassword',
      { currentPassword: AGENT.password, password: 'Lune-Verte-2027', passwordConfirm: 'Lune-Verte-2027' },
      agent,
    )
    expect(await backend.call('auth/status', {}, agent)).toMatchObject({
      staff: { login: AGENT.login, mustChangePassword: false },
    })
    expect((await backend.dispatch('families/search', {}, agent)).ok).toBe(true)

    // A reset by an administrator is provisional again.
    const [account] = (await backend.call<{ id: number; login: string }[]>('staff/list', {}, admin)).filter(
      (a) => a.login === AGENT.login,
    )
    await backend.call('staff/resetPassword', { id: account.id, password: 'Neige-Rouge-2027' }, admin)
    const again = backend.session()
    await backend.call('auth/login', { login: AGENT.login, password: 'Neige-Rouge-2027' }, again)
    expect(await backend.dispatch('families/search', {}, again)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
  }, 120_000)

  it('an administrator may give a password that is not provisional', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    await backend.call('staff/create', { ...AGENT, provisional: false }, admin)
    const agent = backend.session()
    await backend.call('auth/login', { login: AGENT.login, password: AGENT.password }, agent)
    expect((await backend.dispatch('families/search', {}, agent)).ok).toBe(true)
  }, 120_000)
})
