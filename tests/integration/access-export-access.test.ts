import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import { readZip } from '../../src-main/backend/csv/zip-read'
import type { AccessExportResult } from '../../src-shared/contract/access-export'
import type { FamilyFile } from '../../src-shared/contract/families'
import type { JobView } from '../../src-shared/contract/jobs'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { auditEntries, createFamilyWithChild } from '../helpers/families'

// Who may produce a family's access request (issue 13, points 4 and 7): only
// the roles allowed to see health data, on the channel of the family file and
// on the command line; refused before anything is read or written.

const PASSWORD = 'Marelle-2026!'

let backend: TestBackend
let admin: Session
let agent: Session
let family: FamilyFile
let dir: string

async function account(login: string, role: 'agent' | 'responsable'): Promise<Session> {
  await backend.call(
    'staff/create',
    { login, displayName: `Compte ${login}`, role, password: PASSWORD, provisional: false },
    admin,
  )
  const session = backend.session()
  await backend.call('auth/login', { login, password: PASSWORD }, session)
  return session
}

beforeEach(async () => {
  backend = createTestBackend()
  dir = mkdtempSync(join(tmpdir(), 'marelle-access-export-'))
  admin = await signedInAdmin(backend)
  const created = await createFamilyWithChild(backend, admin)
  family = created.family
  await backend.call(
    'healthConditions/add',
    { childId: created.child.id, values: { type: 'allergie', libelle: 'Arachide', allergene: 'peanuts' } },
    admin,
  )
  agent = await account('a.agent', 'agent')
})
afterEach(async () => {
  await backend.dispose()
  rmSync(dir, { recursive: true, force: true })
})

async function finished(id: string, session: Session): Promise<JobView> {
  for (;;) {
    const status = await backend.call<JobView>('jobs/status', { id }, session)
    if (status.state !== 'running') return status
    await new Promise((r) => setTimeout(r, 50))
  }
}

const exportsAndReads = () => auditEntries(backend, { action: ['family.access-export', 'child.health.view'] })

describe('producing the access request', () => {
  it('is refused to an agent on the channel, before any read or file', async () => {
    const before = (await exportsAndReads()).length
    await expect(backend.call('access-export/start', { familyId: family.id }, agent)).rejects.toThrow(
      /Votre rôle ne permet pas de voir les données de santé/,
    )
    expect((await exportsAndReads()).length).toBe(before)
    expect(existsSync(join(backend.dir, 'csv-en-cours'))).toBe(false)
  })

  it('is allowed to an agent once Paramètres give agents the health right', async () => {
    await backend.call('settings/update', { healthRoles: ['agent', 'responsable', 'administrateur'] }, admin)
    const { jobId } = await backend.call<{ jobId: string }>(
      'access-export/start',
      { familyId: family.id },
      agent,
    )
    expect((await finished(jobId, agent)).state).toBe('done')
  })

  it('runs as a job for an administrator and comes back as a .zip to download (web mode)', async () => {
    const { jobId } = await backend.call<{ jobId: string }>(
      'access-export/start',
      { familyId: family.id },
      admin,
    )
    const job = await finished(jobId, admin)
    expect(job.error).toBeUndefined()
    expect(job.state).toBe('done')
    expect(job.progress.phase).toBe('Enregistrement de l’archive')
    const result = job.result as AccessExportResult
    expect(result).toMatchObject({
      familyNumber: family.number,
      path: null,
      children: 1,
      financeOmitted: false,
    })
    expect(result.download?.name).toMatch(/^droit-d-acces-383304832264-\d{4}-\d{2}-\d{2}\.zip$/)
    // Another staff member cannot fetch it.
    await expect(
      backend.call('csv/downloadChunk', { id: result.download!.id, offset: 0 }, agent),
    ).rejects.toThrow(/plus disponibles/)
    const chunk = await backend.call<{ base64: string; size: number }>(
      'csv/downloadChunk',
      { id: result.download!.id, offset: 0 },
      admin,
    )
    expect(chunk.size).toBe(result.download!.size)
    const names = [...readZip(Buffer.from(chunk.base64, 'base64'), 'export.zip')].map((e) => e.name).sort()
    expect(names).toEqual([
      'famille-383304832264.json',
      'famille-383304832264.pdf',
      'journal-383304832264.json',
    ])
    expect((await exportsAndReads()).filter((e) => e.action === 'family.access-export')).toEqual([
      expect.objectContaining({ family_id: family.id, actor: 'Camille Admin' }),
    ])
    // The family's history says so.
    const history = await backend.call<{ actionLabel: string }[]>(
      'audit/list',
      { familyId: family.id },
      admin,
    )
    expect(history[0]).toMatchObject({ actionLabel: 'Export du droit d’accès' })
  })

  it('refuses an unknown family on the channel', async () => {
    await expect(backend.call('access-export/start', { familyId: 999_999 }, admin)).rejects.toThrow(
      /Famille introuvable/,
    )
  })
})

describe('marelle family export-data', () => {
  const run = (...argv: string[]) => runCli('--db', backend.database, ...argv)

  it('exits 1 with a French message for an agent, and writes nothing', async () => {
    const out = join(dir, 'refus.zip')
    const before = (await exportsAndReads()).length
    const result = await run('--as', 'a.agent', 'family', 'export-data', family.number, '--out', out)
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/Votre rôle ne permet pas de voir les données de santé/)
    expect(existsSync(out)).toBe(false)
    expect((await exportsAndReads()).length).toBe(before)
  })

  it('exits 1 for an unknown number, 2 without --out, and refuses to overwrite a file', async () => {
    const out = join(dir, 'famille.zip')
    const unknown = await run('family', 'export-data', '999999', '--out', out)
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining('Famille n° 999999 introuvable') })
    expect((await run('family', 'export-data', family.number)).code).toBe(2)
    expect((await run('family', 'export-data', family.number, '--out', out)).code).toBe(0)
    const again = await run('family', 'export-data', family.number, '--out', out)
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining('existe déjà') })
  })

  it('works for a responsable named with --as, and the audit names them', async () => {
    await account('r.resp', 'responsable')
    const out = join(dir, 'resp.zip')
    const result = await run('--as', 'r.resp', 'family', 'export-data', family.number, '--out', out)
    expect(result.code).toBe(0)
    expect(existsSync(out)).toBe(true)
    expect(await auditEntries(backend, { action: 'family.access-export' })).toEqual([
      expect.objectContaining({ actor: expect.stringContaining('Compte r.resp') }),
    ])
  })
})
