import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SignedInStaff } from '@shared/contract/auth'
import type { FamilyFile } from '@shared/contract/families'
import type { StaffAccount } from '@shared/contract/staff'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type Backend, startServerBackend } from '../../src-main/backend/bootstrap'
import type { Session } from '../../src-main/backend/context'
import { ADMIN_INPUT, silentLog } from '../helpers/backend'
import { describePg, testDatabase } from './helpers'

// Two desktops on one PostgreSQL database (issue 12, item 7: what only a
// server can show): each its own back-end and pool, writing at the same
// moment what a single SQLite file serialises by its write lock. The last
// administrator, the sign-in failure counter and the next N° famille must
// hold when both write at once (docs/architecture.md, « Mode serveur »:
// SERIALIZABLE transactions, run again on a serialization failure).

vi.setConfig({ testTimeout: 120_000 })

const PASSWORD = 'Marelle-2026!'
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-two-desktops-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function call<T>(backend: Backend, channel: string, input: unknown, session: Session): Promise<T> {
  const envelope = await backend.dispatch(channel, input, session)
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { payload: envelope.error })
  return envelope.value as T
}

/** What a dispatch answered: 'ok', or the error's code and French message. */
async function outcome(pending: ReturnType<Backend['dispatch']>) {
  const envelope = await pending
  return envelope.ok
    ? { code: 'ok', message: '' }
    : { code: envelope.error.code, message: envelope.error.message }
}

describePg('two desktops writing at once on one PostgreSQL database', () => {
  const pg = testDatabase()
  let one: Backend
  let two: Backend
  let admin: Session

  beforeAll(async () => {
    one = await startServerBackend({ databaseUrl: pg.url, localDir: join(dir, 'un'), log: silentLog })
    two = await startServerBackend({ databaseUrl: pg.url, localDir: join(dir, 'deux'), log: silentLog })
    admin = { staffId: null }
    await call<SignedInStaff>(one, 'auth/setupAdmin', ADMIN_INPUT, admin)
  })
  afterAll(async () => {
    await one?.close()
    await two?.close()
  })

  const count = async (action: string, entityId: number) => {
    const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
      WHERE action = ${action} AND entity_id = ${entityId}`.execute(pg.pg.db)
    return row.rows[0].n
  }

  async function createAccount(login: string, role: 'administrateur' | 'agent'): Promise<StaffAccount> {
    return call<StaffAccount>(
      one,
      'staff/create',
      { login, displayName: `Compte ${login}`, role, password: PASSWORD, provisional: false },
      admin,
    )
  }

  describe('the last administrator', () => {
    it('two desktops each removing one of the last two administrators at once: one refused in French, one left', async () => {
      const second = await createAccount('admin-deux', 'administrateur')
      // The second administrator signs in on the other desktop.
      const other: Session = { staffId: null }
      await call<SignedInStaff>(two, 'auth/login', { login: 'admin-deux', password: PASSWORD }, other)
      const accounts = await call<StaffAccount[]>(one, 'staff/list', {}, admin)
      const first = accounts.find((a) => a.login === ADMIN_INPUT.login) as StaffAccount
      expect(accounts.filter((a) => a.role === 'administrateur' && a.active)).toHaveLength(2)

      // Desktop one disables the second administrator; desktop two makes the first an agent.
      const [disable, demote] = await Promise.all([
        outcome(
          one.dispatch('staff/update', { id: second.id, version: second.version, active: false }, admin),
        ),
        outcome(two.dispatch('staff/update', { id: first.id, version: first.version, role: 'agent' }, other)),
      ])
      const codes = [disable.code, demote.code].sort()
      expect(codes).toEqual(['VALIDATION', 'ok'])
      const refused = [disable, demote].find((o) => o.code !== 'ok')
      expect(refused?.message).toBe('Il doit rester au moins un administrateur actif.')

      const left = await sql<{ login: string }>`SELECT login FROM staff
        WHERE role = 'administrateur' AND active = 1`.execute(pg.pg.db)
      expect(left.rows).toHaveLength(1)
      // The one written is audited once, the refused one not at all.
      expect((await count('staff.update', first.id)) + (await count('staff.update', second.id))).toBe(1)
      // The tests below act as the administrator left, whichever it is.
      if (demote.code === 'ok') admin = other
    })
  })

  describe('the sign-in failure counter', () => {
    it('failures sent from both desktops at once are all counted, and lock the account at the fifth', async () => {
      const agent = await createAccount('agent-essais', 'agent')
      const attempt = (backend: Backend) =>
        outcome(
          backend.dispatch('auth/login', { login: 'agent-essais', password: 'mauvais' }, { staffId: null }),
        )
      const attempts = async () => {
        const row = await sql<{
          failed_attempts: number
          locked_until: string | null
        }>`SELECT failed_attempts,
          locked_until FROM staff WHERE id = ${agent.id}`.execute(pg.pg.db)
        return row.rows[0]
      }

      // Four at once, two from each desktop: four counted, none lost, not locked yet.
      const four = await Promise.all([attempt(one), attempt(two), attempt(one), attempt(two)])
      expect(four.map((o) => o.code)).toEqual(Array(4).fill('UNAUTHENTICATED'))
      expect(four[0].message).toBe('Identifiant ou mot de passe incorrect.')
      expect(await attempts()).toEqual({ failed_attempts: 4, locked_until: null })
      expect(await count('staff.signin-failed', agent.id)).toBe(4)

      // Two more at once, one from each desktop: the fifth locks the account, once.
      const two_more = await Promise.all([attempt(one), attempt(two)])
      expect(two_more.map((o) => o.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED'])
      const after = await attempts()
      expect(after.locked_until).not.toBeNull()
      expect(await count('staff.signin-failed', agent.id)).toBe(5)
      expect(await count('staff.locked', agent.id)).toBe(1)

      // Locked on both desktops, even with the right password.
      for (const backend of [one, two]) {
        const right = await outcome(
          backend.dispatch('auth/login', { login: 'agent-essais', password: PASSWORD }, { staffId: null }),
        )
        expect(right.code).toBe('LOCKED')
        expect(right.message).toMatch(
          /^Ce compte est verrouillé après 5 essais infructueux, jusqu’à \d\d:\d\d\./,
        )
      }
    })
  })

  describe('the next N° famille', () => {
    it('families created at once on both desktops get different numbers, one after the other', async () => {
      const topOf = async () => {
        const row = await sql<{ top: string | null }>`SELECT max(number) AS top FROM families`.execute(
          pg.pg.db,
        )
        return Number(row.rows[0].top ?? 0)
      }
      const create = (backend: Backend, n: number) =>
        call<FamilyFile>(backend, 'families/create', { responsable: { nom: `SIMULTANEE${n}` } }, admin)
      await create(one, 0)
      const top = await topOf()
      // Three rounds of two families created at the same moment, one on each desktop.
      const created: FamilyFile[] = []
      for (let round = 1; round <= 3; round++)
        created.push(...(await Promise.all([create(one, 2 * round), create(two, 2 * round + 1)])))
      const numbers = created.map((f) => f.number).sort()
      expect(new Set(numbers).size).toBe(6)
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((k) => String(top + k).padStart(12, '0')))
      const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM families
        WHERE number IN (${sql.join(numbers)})`.execute(pg.pg.db)
      expect(rows.rows[0].n).toBe(6)
    })
  })
})
