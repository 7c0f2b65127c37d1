import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startBackend } from '../../src-main/backend/bootstrap'
import type { Session } from '../../src-main/backend/context'
import { readZip } from '../../src-main/backend/csv/zip-read'
import { runImport } from '../../src-main/backend/family-csv/import/run'
import { openSources } from '../../src-main/backend/family-csv/import/sources'
import type { ExportResult, ImportReport } from '../../src-shared/contract/csv'
import type { JobView } from '../../src-shared/contract/jobs'
import {
  ADMIN_INPUT,
  createTestBackend,
  signedInAdmin,
  silentLog,
  type TestBackend,
  TestClock,
} from '../helpers/backend'
import { signedInAs } from '../helpers/families'
import { runContext, selectRows } from '../helpers/family-csv'
import { syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'

let backend: TestBackend
let admin: Session
let dir: string
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  dir = mkdtempSync(join(tmpdir(), 'marelle-csv-jobs-'))
})
afterEach(async () => {
  await backend.dispose()
  rmSync(dir, { recursive: true, force: true })
})

async function finished(id: string, session = admin): Promise<JobView> {
  for (;;) {
    const status = await backend.call<JobView>('jobs/status', { id }, session)
    if (status.state !== 'running') return status
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Uploads a file in chunks of `chunk` bytes, as the web page does. */
async function upload(importId: string, name: string, data: Buffer, chunk: number) {
  for (let offset = 0; offset < data.length; offset += chunk)
    await backend.call(
      'csv/importUpload',
      { importId, name, offset, base64: data.subarray(offset, offset + chunk).toString('base64') },
      admin,
    )
}

describe('the Import / Export channels', () => {
  it('upload, preview, import in a worker; export and download as a .zip', async () => {
    const paths = writeSyntheticFiles(syntheticSet(20), dir)
    const { importId } = await backend.call<{ importId: string }>('csv/importCreate', {}, admin)
    for (const path of paths) await upload(importId, path.split('/').pop()!, readFileSync(path), 1000)

    const preview = await finished(
      (await backend.call<{ jobId: string }>('csv/importPreview', { importId }, admin)).jobId,
    )
    expect(preview.state).toBe('done')
    const report = preview.result as ImportReport
    expect(report).toMatchObject({ canImport: true, written: false, problemCount: 0 })
    expect(report.counts.familles).toEqual({ added: 20, changed: 0, unchanged: 0 })
    expect((await selectRows(backend, 'SELECT count(*) AS n FROM families'))[0].n).toBe(0)

    const run = await finished(
      (await backend.call<{ jobId: string }>('csv/importRun', { importId }, admin)).jobId,
    )
    expect(run.state).toBe('done')
    expect(run.progress.phase).toBe('Écriture')
    expect(run.progress.done).toBe(run.progress.total)
    expect((run.result as ImportReport).written).toBe(true)
    expect((await selectRows(backend, 'SELECT count(*) AS n FROM families'))[0].n).toBe(20)
    // Written: the uploaded files are gone.
    await expect(backend.call('csv/importPreview', { importId }, admin)).rejects.toThrow(/plus disponibles/)

    const started = await backend.call<{ jobId: string }>(
      'csv/exportStart',
      { scope: { kind: 'all' }, form: 'zip' },
      admin,
    )
    const exported = await finished(started.jobId)
    const { download, families } = exported.result as ExportResult
    expect(families).toBe(20)
    const parts: Buffer[] = []
    let size = 0
    do {
      const chunk = await backend.call<{ size: number; base64: string }>(
        'csv/downloadChunk',
        { id: download!.id, offset: size },
        admin,
      )
      parts.push(Buffer.from(chunk.base64, 'base64'))
      size += parts.at(-1)!.length
    } while (size < download!.size)
    const names = [...readZip(Buffer.concat(parts), download!.name)].map((e) => e.name)
    expect(names).toEqual([
      'familles.csv',
      'responsables.csv',
      'enfants.csv',
      'personnes_autorisees.csv',
      'vaccinations.csv',
      'sante.csv',
    ])
  })

  it('keeps each import to its owner, refuses an upload out of order and paths no dialog granted', async () => {
    const { importId } = await backend.call<{ importId: string }>('csv/importCreate', {}, admin)
    const other = await signedInAs(backend, admin, 'responsable')
    await expect(backend.call('csv/importPreview', { importId }, other)).rejects.toThrow(/plus disponibles/)
    await backend.call(
      'csv/importUpload',
      { importId, name: 'enfants.csv', offset: 0, base64: 'YQ==' },
      admin,
    )
    await expect(
      backend.call('csv/importUpload', { importId, name: 'enfants.csv', offset: 5, base64: 'YQ==' }, admin),
    ).rejects.toThrow(/envoi interrompu/)
    await expect(
      backend.call('csv/importUpload', { importId, name: '../evil.sh', offset: 0, base64: 'YQ==' }, admin),
    ).rejects.toThrow(/seuls les fichiers .csv/)
    await expect(backend.call('csv/importOpen', { paths: ['/etc/passwd'] }, admin)).rejects.toThrow(
      /application de bureau/,
    )
    const agent = await signedInAs(backend, admin, 'agent')
    await expect(backend.call('csv/importCreate', {}, agent)).rejects.toThrow(/rôle/)
  })

  it('cancelling during the write rolls everything back', async () => {
    const paths = writeSyntheticFiles(syntheticSet(200), dir)
    const { sources } = await openSources(paths)
    const count = async () =>
      (
        await selectRows(
          backend,
          'SELECT (SELECT count(*) FROM families) + (SELECT count(*) FROM audit_log) AS n',
        )
      )[0].n
    const before = await count()
    const phases: string[] = []
    let ticks = 0
    const ctx = {
      ...runContext(backend, undefined, phases),
      throwIfCancelled() {
        if (phases.at(-1) === 'Écriture' && ++ticks === 2) throw new Error('Opération annulée')
      },
    }
    await expect(runImport(ctx, { sources, write: true })).rejects.toThrow('Opération annulée')
    expect(phases).toEqual(['Lecture des fichiers', 'Vérification', 'Écriture'])
    expect(await count()).toBe(before)
  })
})

describe('the desktop app’s dialogs', () => {
  it('imports the files and exports to the folder staff chose, and only those', async () => {
    const granted = new Set<string>()
    const desktop = {
      chooseSave: async () => null,
      chooseOpen: async () => [],
      consumeGrant: (path: string) => granted.delete(path),
    }
    const app = startBackend({
      databasePath: join(dir, 'bureau.db'),
      log: silentLog,
      clock: new TestClock(),
      desktop,
    })
    const call = async <T>(channel: string, input: unknown, session: Session): Promise<T> => {
      const envelope = await app.dispatch(channel, input, session)
      if (!envelope.ok) throw new Error(envelope.error.message)
      return envelope.value as T
    }
    try {
      const session: Session = { staffId: null }
      await call('auth/setupAdmin', ADMIN_INPUT, session)
      const paths = writeSyntheticFiles(syntheticSet(5), mkdtempSync(join(dir, 'choisis-')))
      await expect(call('csv/importOpen', { paths }, session)).rejects.toThrow(/n’a pas été choisi/)
      for (const path of paths) granted.add(path)
      const { importId, files } = await call<{ importId: string; files: string[] }>(
        'csv/importOpen',
        { paths },
        session,
      )
      expect(files).toHaveLength(5)
      const wait = async (jobId: string) => {
        for (;;) {
          const status = await call<JobView>('jobs/status', { id: jobId }, session)
          if (status.state !== 'running') return status
          await new Promise((r) => setTimeout(r, 50))
        }
      }
      const run = await wait((await call<{ jobId: string }>('csv/importRun', { importId }, session)).jobId)
      expect((run.result as ImportReport).written).toBe(true)

      const target = join(dir, 'export-bureau')
      granted.add(target)
      const exported = await wait(
        (
          await call<{ jobId: string }>(
            'csv/exportStart',
            { scope: { kind: 'all' }, form: 'folder', path: target },
            session,
          )
        ).jobId,
      )
      expect(exported.result).toMatchObject({ families: 5, path: target, download: null })
      expect(readdirSync(target).sort()).toEqual([
        'enfants.csv',
        'familles.csv',
        'personnes_autorisees.csv',
        'responsables.csv',
        'sante.csv',
        'vaccinations.csv',
      ])
      // The grant was used once: the same path cannot be written again without a new dialog.
      await expect(
        call('csv/exportStart', { scope: { kind: 'all' }, form: 'folder', path: target }, session),
      ).rejects.toThrow(/n’a pas été choisi/)
    } finally {
      await app.close()
    }
  })
})
