import { randomBytes, scryptSync } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { SCRYPT_N } from '../../src-main/backend/auth/password'
import { LOCK_MINUTES, MAX_FAILED_ATTEMPTS } from '../../src-main/backend/auth/service'
import { ADMIN_INPUT, createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'

// Sign-in that resists (issue 9, points 3 to 6; docs/comptes.md).

let backend: TestBackend
afterEach(async () => backend.dispose())

const login = (b: TestBackend, loginName: string, password: string, session = b.session()) =>
  b.dispatch('auth/login', { login: loginName, password }, session)

const auditNotes = (b: TestBackend, action: string) =>
  b.services.db
    .selectFrom('audit_log')
    .select(['actor', 'staff_id', 'entity_id', 'note'])
    .where('action', '=', action)
    .orderBy('id')
    .execute() as Promise<
    { actor: string; staff_id: number | null; entity_id: number | null; note: string }[]
  >

describe('failed sign-ins', () => {
  it('locks the account when the failures arrive in parallel', async () => {
    backend = createTestBackend()
    await signedInAdmin(backend)
    const attempts = Array.from({ length: MAX_FAILED_ATTEMPTS * 2 }, () =>
      login(backend, ADMIN_INPUT.login, 'Faux-mot-2026'),
    )
    const answers = await Promise.all(attempts)
    expect(answers.every((a) => !a.ok)).toBe(true)
    const row = await backend.services.db
      .selectFrom('staff')
      .select(['failed_attempts', 'locked_until'])
      .where('login', '=', ADMIN_INPUT.login)
      .executeTakeFirstOrThrow()
    expect(row.locked_until).not.toBeNull()
    expect(await login(backend, ADMIN_INPUT.login, ADMIN_INPUT.password)).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    })
    expect(await auditNotes(backend, 'staff.locked')).toHaveLength(1)
  }, 120_000)

  it('answers an unknown login as it answers a known one, lockout included', async () => {
    backend = createTestBackend()
    await signedInAdmin(backend)
    const known: unknown[] = []
    const unknown: unknown[] = []
    for (let i = 0; i <= MAX_FAILED_ATTEMPTS; i++) {
      known.push(await login(backend, ADMIN_INPUT.login, 'Faux-mot-2026'))
      unknown.push(await login(backend, 'personne', 'Faux-mot-2026'))
    }
    // The lock message names a time: the same one for both, the clock being the test's.
    expect(unknown).toEqual(known)
    expect(known.at(-1)).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
    backend.clock.advance(LOCK_MINUTES * 60_000 + 1000)
    expect(await login(backend, 'personne', 'Faux-mot-2026')).toEqual(
      await login(backend, ADMIN_INPUT.login, 'Faux-mot-2026'),
    )
  }, 120_000)
})

describe('a wrong current password when changing it', () => {
  it('counts as a failed sign-in: five lock the account', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++)
      expect(
        await backend.dispatch(
          'auth/changePassword',
          {
            currentPassword: 'Faux-mot-2026',
            password: 'Ciel-Orage-2027',
            passwordConfirm: 'Ciel-Orage-2027',
          },
          admin,
        ),
      ).toMatchObject({ ok: false, error: { fields: [{ path: 'currentPassword' }] } })
    expect(await login(backend, ADMIN_INPUT.login, ADMIN_INPUT.password)).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    })
  }, 120_000)
})

describe('audit of accounts', () => {
  it('records sign-ins, failures, lockouts, sign-outs and password changes', async () => {
    backend = createTestBackend()
    await signedInAdmin(backend)
    const session = backend.session()
    expect((await login(backend, ADMIN_INPUT.login, ADMIN_INPUT.password, session)).ok).toBe(true)
    await backend.call(
      'auth/changePassword',
      {
        currentPassword: ADMIN_INPUT.password,
        password: 'Ciel-Orage-2027',
        passwordConfirm: 'Ciel-Orage-2027',
      },
      session,
    )
    await backend.call('auth/logout', {}, session)
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await login(backend, ADMIN_INPUT.login, 'Faux-mot-2026')
    await login(backend, 'inconnu', 'Faux-mot-2026')

    expect(await auditNotes(backend, 'staff.signin')).toEqual([
      { actor: 'Camille Admin', staff_id: 1, entity_id: 1, note: 'Connexion' },
    ])
    expect(await auditNotes(backend, 'staff.password')).toHaveLength(1)
    expect(await auditNotes(backend, 'staff.signout')).toEqual([
      { actor: 'Camille Admin', staff_id: 1, entity_id: 1, note: 'Déconnexion' },
    ])
    const failures = await auditNotes(backend, 'staff.signin-failed')
    expect(failures).toHaveLength(MAX_FAILED_ATTEMPTS + 1)
    expect(failures[0]).toEqual({
      actor: 'Tentative de connexion (admin)',
      staff_id: null,
      entity_id: 1,
      note: 'Échec de connexion (1 de suite)',
    })
    expect(failures.at(-1)?.note).toBe('Échec de connexion : aucun compte n’a l’identifiant « inconnu »')
    expect(await auditNotes(backend, 'staff.locked')).toEqual([
      {
        actor: 'Tentative de connexion (admin)',
        staff_id: null,
        entity_id: 1,
        note: `Compte verrouillé ${LOCK_MINUTES} minutes après ${MAX_FAILED_ATTEMPTS} échecs de connexion`,
      },
    ])
  }, 120_000)
})

describe('password hashes', () => {
  it(`hashes with scrypt N=2^17 and upgrades an older hash at the next sign-in`, async () => {
    backend = createTestBackend()
    await signedInAdmin(backend)
    const { db } = backend.services
    const hash = async () =>
      (await db.selectFrom('staff').select('password_hash').where('id', '=', 1).executeTakeFirstOrThrow())
        .password_hash
    expect(SCRYPT_N).toBeGreaterThanOrEqual(2 ** 17)
    expect(await hash()).toMatch(new RegExp(`^scrypt\\$${SCRYPT_N}\\$8\\$1\\$`))
    // A hash as the first version wrote them: N=2^15.
    const salt = randomBytes(16)
    const key = scryptSync(ADMIN_INPUT.password.normalize('NFC'), salt, 64, {
      N: 2 ** 15,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    })
    await db
      .updateTable('staff')
      .set({ password_hash: `scrypt$32768$8$1$${salt.toString('base64')}$${key.toString('base64')}` })
      .where('id', '=', 1)
      .execute()
    expect((await login(backend, ADMIN_INPUT.login, ADMIN_INPUT.password)).ok).toBe(true)
    expect(await hash()).toMatch(new RegExp(`^scrypt\\$${SCRYPT_N}\\$`))
    expect((await auditNotes(backend, 'staff.signin')).at(-1)?.note).toBe(
      'Connexion (empreinte du mot de passe renforcée)',
    )
    expect((await login(backend, ADMIN_INPUT.login, ADMIN_INPUT.password)).ok).toBe(true)
  }, 120_000)
})

describe('password strength', () => {
  it('refuses common and guessable passwords, saying why in French', async () => {
    backend = createTestBackend()
    const setup = await backend.dispatch(
      'auth/setupAdmin',
      { ...ADMIN_INPUT, password: 'Azerty123!', passwordConfirm: 'Azerty123!' },
      backend.session(),
    )
    expect(setup).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: [{ path: 'password', label: 'Mot de passe' }],
      },
    })
    if (!setup.ok) expect(setup.error.message).toMatch(/^Mot de passe : trop facile à deviner\. .*courant/)
    const admin = await signedInAdmin(backend)
    for (const password of ['Motdepasse1!', 'Password1!', 'Soleil123!'])
      expect(
        await backend.dispatch(
          'staff/create',
          { login: 'agent1', displayName: 'Agent Un', role: 'agent', password },
          admin,
        ),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ path: 'password' }] } })
    // The account's own name is a guess too.
    expect(
      await backend.dispatch(
        'auth/changePassword',
        {
          currentPassword: ADMIN_INPUT.password,
          password: 'CamilleAdmin1',
          passwordConfirm: 'CamilleAdmin1',
        },
        admin,
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ path: 'password' }] } })
  }, 120_000)
})
