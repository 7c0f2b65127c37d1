import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadActor } from '../../src-main/backend/auth/actor'
import type { Session } from '../../src-main/backend/context'
import type { FamilyFile } from '../../src-shared/contract/families'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { runCliOn } from '../helpers/cli'
import { signedInAs } from '../helpers/families'
import { exportTo } from '../helpers/family-csv'
import { RequestsApi, requestLine, seedFamily } from '../helpers/requests'

// Bank details and tax figures follow a right of their own, a setting like
// the health one, on the screens and in the CSV export (issue 10 point 20).

let backend: TestBackend
let admin: Session
let agent: Session
let responsable: Session
let family: FamilyFile

const IBAN = 'FR7630006000011234567890189'

beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  ;({ family } = await seedFamily(backend, admin))
  family = await backend.call<FamilyFile>(
    'families/update',
    {
      id: family.id,
      version: family.version,
      patch: { iban: IBAN, revenu_fiscal_de_reference: 42_000, n_allocataire: '1234567' },
    },
    admin,
  )
  agent = await signedInAs(backend, admin, 'agent')
  responsable = await signedInAs(backend, admin, 'responsable')
}, 120_000)
afterEach(async () => backend.dispose())

describe('the family file', () => {
  it('comes without bank details and tax figures for a role without the right, with them for the others', async () => {
    const seen = await backend.call<FamilyFile>('families/get', { id: family.id }, agent)
    expect(seen.values).not.toHaveProperty('iban')
    expect(seen.values).not.toHaveProperty('revenu_fiscal_de_reference')
    expect(seen.values).toMatchObject({ n_allocataire: '1234567' })
    expect(JSON.stringify(seen)).not.toContain(IBAN)
    const full = await backend.call<FamilyFile>('families/get', { id: family.id }, responsable)
    expect(full.values).toMatchObject({ iban: IBAN, revenu_fiscal_de_reference: 42_000 })
  })

  it('refuses their change to a role without the right; the CAF stays editable', async () => {
    const refused = await backend.dispatch(
      'families/update',
      { id: family.id, version: family.version, patch: { iban: 'FR7630006000011234567890189' } },
      agent,
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    if (!refused.ok) expect(refused.error.message).toMatch(/coordonnées bancaires/)
    const caf = await backend.call<FamilyFile>(
      'families/update',
      { id: family.id, version: family.version, patch: { n_allocataire: '7654321' } },
      agent,
    )
    expect(caf.values).toMatchObject({ n_allocataire: '7654321' })
    expect(caf.values).not.toHaveProperty('iban')
  })

  it('follows the setting', async () => {
    await backend.call('settings/update', { financeRoles: ['agent', 'administrateur'] }, admin)
    expect((await backend.call<FamilyFile>('families/get', { id: family.id }, agent)).values).toMatchObject({
      iban: IBAN,
    })
    expect(
      (await backend.call<FamilyFile>('families/get', { id: family.id }, responsable)).values,
    ).not.toHaveProperty('iban')
  })
})

describe('family show on the command line', () => {
  it('prints bank details and tax figures only for a role with the right', async () => {
    const login = async (role: 'agent' | 'responsable') =>
      (
        await backend.services.db
          .selectFrom('staff')
          .select('login')
          .where('role', '=', role)
          .executeTakeFirstOrThrow()
      ).login
    const show = async (role: 'agent' | 'responsable') =>
      runCliOn(backend, '--as', await login(role), 'family', 'show', '383304832264', '--json')
    const agentJson = JSON.parse((await show('agent')).out)
    expect(agentJson).not.toHaveProperty('iban')
    expect(agentJson).not.toHaveProperty('revenu_fiscal_de_reference')
    expect(agentJson).toMatchObject({ n_allocataire: '1234567' })
    expect(JSON.parse((await show('responsable')).out)).toMatchObject({ iban: IBAN })
  })
})

describe('requests about bank details', () => {
  it('are reviewed only by a role with the right', async () => {
    const api = new RequestsApi(backend, admin)
    await api.import(
      requestLine(3, 'bank.update', { iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'agrifrpp' }),
    )
    const request = () =>
      backend.services.db
        .selectFrom('requests')
        .select(['id', 'version', 'state'])
        .where('ref', '=', 'T-000003')
        .executeTakeFirstOrThrow()
    const { id, version } = await request()
    expect(await backend.dispatch('requests/get', { id }, agent)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect((await backend.dispatch('requests/get', { id }, responsable)).ok).toBe(true)
    // Nor decided by another role: nothing is applied.
    expect(
      await backend.dispatch(
        'requests/decide',
        {
          id,
          version,
          outcomes: [
            { field: 'iban', accept: true },
            { field: 'bic', accept: true },
          ],
        },
        agent,
      ),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect((await request()).state).toBe('pending')
    const { bic } = await backend.services.db
      .selectFrom('families')
      .select('bic')
      .where('id', '=', family.id)
      .executeTakeFirstOrThrow()
    expect(bic).toBeNull()
  })
})

describe('the CSV export', () => {
  it('leaves the bank and tax columns out of familles.csv for a role without the right', async () => {
    const header = (dir: string) => readFileSync(join(dir, 'familles.csv'), 'utf8').split('\r\n')[0]
    const agentActor = await loadActor(backend.services.db, agent.staffId as number)
    const responsableActor = await loadActor(backend.services.db, responsable.staffId as number)
    if (!agentActor || !responsableActor) throw new Error('no actors')
    await exportTo(backend, join(backend.dir, 'agent'), { kind: 'all' }, agentActor)
    await exportTo(backend, join(backend.dir, 'resp'), { kind: 'all' }, responsableActor)
    const agentFile = readFileSync(join(backend.dir, 'agent', 'familles.csv'), 'utf8')
    expect(header(join(backend.dir, 'agent'))).toContain('N° allocataire')
    for (const column of ['IBAN', 'BIC', 'Revenu fiscal de référence', 'Titulaire du compte', 'RUM'])
      expect(header(join(backend.dir, 'agent')).split(';')).not.toContain(column)
    expect(agentFile).not.toContain(IBAN)
    expect(header(join(backend.dir, 'resp')).split(';')).toEqual(
      expect.arrayContaining(['IBAN', 'Revenu fiscal de référence']),
    )
  })
})
