import { writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { auditEntries } from '../helpers/families'
import { jsonl, SEED_EMAIL, SEED_VACCINATION, seedFamily } from '../helpers/requests'

// The command line's --as (issue 9 point 7) and `requests decide` through the
// screens' dispatcher (point 22), with the health trace it brings (point 2).

let backend: TestBackend
let dir: string
let db: string

beforeEach(async () => {
  backend = createTestBackend()
  dir = backend.dir
  db = backend.database
  const admin = await signedInAdmin(backend)
  await seedFamily(backend, admin)
  for (const [login, role] of [
    ['a.agent', 'agent'],
    ['r.resp', 'responsable'],
  ])
    await backend.call(
      'staff/create',
      { login, displayName: `Compte ${role}`, role, password: 'Marelle-2026!', provisional: false },
      admin,
    )
  // The backend stays open (in server mode, closing it drops its database): the command line is a second process on it.
  const requests = join(dir, 'demandes.jsonl')
  writeFileSync(requests, jsonl(SEED_EMAIL, SEED_VACCINATION))
  expect((await runCli('--db', db, 'requests', 'import', requests)).code).toBe(0)
}, 120_000)
afterEach(() => backend.dispose())

const user = userInfo().username

describe('--as LOGIN', () => {
  it('refuses a disabled account and a locked one, with exit code 1', async () => {
    expect((await runCli('--db', db, '--as', 'a.agent', 'requests', 'list')).code).toBe(0)
    await backend.services.db.updateTable('staff').set({ active: 0 }).where('login', '=', 'a.agent').execute()
    await backend.services.db
      .updateTable('staff')
      .set({ locked_until: '2999-01-01T00:00:00.000Z' })
      .where('login', '=', 'r.resp')
      .execute()
    expect(await runCli('--db', db, '--as', 'a.agent', 'requests', 'list')).toMatchObject({
      code: 1,
      err: 'Le compte « a.agent » est désactivé : la commande n’a pas été lancée.',
    })
    const locked = await runCli('--db', db, '--as', 'r.resp', 'requests', 'list')
    expect(locked.code).toBe(1)
    expect(locked.err).toMatch(/^Le compte « r\.resp » est verrouillé/)
    expect(await runCli('--db', db, '--as', 'personne', 'requests', 'list')).toMatchObject({
      code: 1,
      err: 'Aucun compte n’a l’identifiant « personne ».',
    })
  })

  it('the audit entry names the account and the system user who ran the command', async () => {
    const decided = await runCli(
      '--db',
      db,
      '--as',
      'admin',
      'requests',
      'decide',
      SEED_EMAIL.ref,
      '--validate',
    )
    expect(decided).toMatchObject({ code: 0 })
    const [entry] = await auditEntries(backend, { action: 'request.decide' })
    expect({ actor: entry?.actor, staff_id: entry?.staff_id }).toEqual({
      actor: `Camille Admin (ligne de commande, utilisateur du système ${user})`,
      staff_id: 1,
    })
  })
})

describe('requests decide through the dispatcher', () => {
  it('checks the input with the channel’s schema', async () => {
    const long = await runCli(
      '--db',
      db,
      'requests',
      'decide',
      SEED_EMAIL.ref,
      '--validate',
      '--reply',
      'x'.repeat(6000),
    )
    expect(long.code).toBe(1)
    expect(long.err).toMatch(/^Réponse : /)
    expect(
      await backend.services.db.selectFrom('requests').select('id').where('state', '!=', 'pending').execute(),
    ).toEqual([])
  })

  it('refuses a health request to a role without the health right, and traces the read for the others', async () => {
    const agent = await runCli(
      '--db',
      db,
      '--as',
      'a.agent',
      'requests',
      'decide',
      SEED_VACCINATION.ref,
      '--refuse',
    )
    expect(agent.code).toBe(1)
    expect(agent.err).toMatch(/données de santé/)
    const before = (await auditEntries(backend, { action: 'child.health.view' })).length
    const resp = await runCli(
      '--db',
      db,
      '--as',
      'r.resp',
      'requests',
      'decide',
      SEED_VACCINATION.ref,
      '--refuse',
    )
    expect(resp.code).toBe(0)
    const traces = (await auditEntries(backend, { action: 'child.health.view' })).slice(before)
    expect(traces.length).toBeGreaterThan(0)
    expect(traces.every((t) => t.request_id !== null && t.child_id !== null)).toBe(true)
    expect(traces[0]).toMatchObject({
      actor: `Compte responsable (ligne de commande, utilisateur du système ${user})`,
      note: 'Consultation des données de santé (demande de la famille)',
    })
  })

  it('export-decisions: refused to an agent when a reply is about health data, traced for the others', async () => {
    await runCli(
      '--db',
      db,
      'requests',
      'decide',
      SEED_VACCINATION.ref,
      '--refuse',
      '--reply',
      'Pentacoq : carnet illisible.',
    )
    const out = join(dir, 'decisions.jsonl')
    const agent = await runCli(
      '--db',
      db,
      '--as',
      'a.agent',
      'requests',
      'export-decisions',
      '--since',
      '2017-07-01',
      '--out',
      out,
    )
    expect(agent.code).toBe(1)
    expect(agent.err).toMatch(/^Depuis cette date, 1 décision porte sur des données de santé/)
    const before = (await auditEntries(backend)).length
    const admin = await runCli(
      '--db',
      db,
      'requests',
      'export-decisions',
      '--since',
      '2017-07-01',
      '--out',
      out,
    )
    expect(admin.code).toBe(0)
    expect((await auditEntries(backend)).slice(before).map(({ action, note }) => ({ action, note }))).toEqual(
      [
        {
          action: 'child.health.view',
          note: 'Consultation des données de santé (export des décisions pour le portail)',
        },
      ],
    )
  })
})
