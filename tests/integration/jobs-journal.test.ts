import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import { systemClock } from '../../src-main/backend/context'
import { migrate } from '../../src-main/backend/db/migrate'
import { openDatabase } from '../../src-main/backend/db/open'
import { STAGED_FILES } from '../../src-main/backend/family-csv/staging'
import { JobManager } from '../../src-main/backend/jobs/manager'
import { syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'

// A long task's worker gives its result first, then copies the write-ahead
// journal into the database file (jobs/worker-entry.ts): the window's
// connection must never be left that copy to make at its next save.

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const worker = join(dirname(fileURLToPath(import.meta.url)), '../../src-main/backend/jobs/ts-worker.mjs')
const log = { info() {}, warn() {}, error() {} }

describe('a long task’s journal', () => {
  it('is copied into the file by the worker once the result is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marelle-journal-'))
    dirs.push(dir)
    const path = join(dir, 'marelle.db')
    const window = openDatabase(path)
    migrate(window.sqlite, { backupsDir: join(dir, 'backups') })
    const staging = join(dir, 'staging')
    mkdirSync(join(staging, STAGED_FILES), { recursive: true })
    writeSyntheticFiles(syntheticSet(300), join(staging, STAGED_FILES))
    const jobs = new JobManager({
      script: { path: worker },
      databasePath: path,
      backupsDir: join(dir, 'backups'),
      version: 'test',
      log,
      clock: systemClock,
    })
    const actor = commandLineActor('test')
    try {
      const job = jobs.start('csv.import.run', { importId: 'journal', dir: staging }, actor)
      const done = await jobs.wait(job.id)
      expect(done.state).toBe('done')
      expect((done.result as { written: boolean }).written).toBe(true)
      await jobs.settled(job.id)
      // The file alone, without its journal, holds the import: the worker copied it.
      const alone = join(dir, 'seul.db')
      copyFileSync(path, alone)
      const copy = openDatabase(alone, { readonly: true })
      expect(copy.sqlite.prepare('SELECT count(*) FROM families').pluck().get()).toBe(300)
      await copy.close()
    } finally {
      await jobs.close()
      await window.close()
    }
  })
})
