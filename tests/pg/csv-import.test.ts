import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import type { StaffContext } from '../../src-main/backend/context'
import { migrate } from '../../src-main/backend/db/migrate'
import { type OpenDatabase, openDatabase } from '../../src-main/backend/db/open'
import { REFUSED } from '../../src-main/backend/db/storage/sqlite/job-lock'
import { runImport } from '../../src-main/backend/family-csv/import/run'
import { openSources } from '../../src-main/backend/family-csv/import/sources'
import type { RunContext } from '../../src-main/backend/family-csv/run-context'
import { STAGED_FILES } from '../../src-main/backend/family-csv/staging'
import { InlineJobs } from '../../src-main/backend/jobs/inline'
import { main } from '../../src-main/cli/main'
import { silentLog } from '../helpers/backend'
import { type SyntheticSet, syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'
import { describePg, testDatabase } from './helpers'

// The CSV import on a PostgreSQL server (docs/architecture.md, « Mode
// serveur »): the same files imported into a new SQLite file and into a new
// server database give the same rows and the same audit entries; a problem
// found in a late batch leaves nothing written; a second import while one
// runs is refused in French.

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 })

const AT = new Date('2026-11-27T09:30:00.000Z')
const ACTOR = commandLineActor('test')
const TABLES = [
  'families',
  'family_quotients',
  'guardians',
  'children',
  'authorized_persons',
  'vaccinations',
  'health_conditions',
] as const

let dir: string
let opened: OpenDatabase

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-pg-import-'))
  opened = openDatabase(join(dir, 'fichier.db'))
  migrate(opened.sqlite, { backupsDir: join(dir, 'backups') })
})
afterAll(async () => {
  await opened?.close()
  rmSync(dir, { recursive: true, force: true })
})

describePg('the CSV import on PostgreSQL', () => {
  const server = testDatabase()

  /** The phases the last imports went through. */
  const phases: string[] = []

  function context(engine: 'sqlite' | 'postgres'): RunContext {
    const base: StaffContext = {
      ...(engine === 'sqlite'
        ? { db: opened.db, storage: opened.storage }
        : { db: server.pg.db, storage: server.pg.storage }),
      clock: { now: () => AT },
      log: silentLog,
      paths: { databasePath: join(dir, engine), backupsDir: join(dir, 'backups'), logsDir: null },
      version: 'test',
      session: { staffId: null },
      actor: ACTOR,
    }
    return {
      ...base,
      progress(update) {
        if (update.phase) phases.push(update.phase)
      },
      throwIfCancelled() {},
    }
  }

  async function importInto(engine: 'sqlite' | 'postgres', set: SyntheticSet, name: string) {
    const folder = join(dir, `${name}-${engine}`)
    mkdirSync(folder)
    const { sources, problems } = await openSources(writeSyntheticFiles(set, folder))
    return runImport(context(engine), {
      sources,
      sourceProblems: problems,
      write: true,
      id: `${name}-00000000`,
    })
  }

  /** Every row of the record tables, in id order, and the audit log without its ids. */
  async function contents(engine: 'sqlite' | 'postgres') {
    const db = engine === 'sqlite' ? opened.db : server.pg.db
    const out: Record<string, unknown[]> = {}
    for (const table of TABLES) out[table] = await db.selectFrom(table).selectAll().orderBy('id').execute()
    out.audit = (await db.selectFrom('audit_log').selectAll().orderBy('id').execute()).map(
      ({ id: _id, ...rest }) => rest,
    )
    return out
  }

  it('imports the same rows and audit entries as into a file, and a second import changes nothing', async () => {
    const set = syntheticSet(1200)
    const fromFile = await importInto('sqlite', set, 'premier')
    const fromServer = await importInto('postgres', set, 'premier')
    expect(fromFile.problems).toEqual([])
    expect(fromFile.written).toBe(true)
    expect(fromServer).toEqual({ ...fromFile, lockMs: fromServer.lockMs })
    const [file, pg] = [await contents('sqlite'), await contents('postgres')]
    expect(file.families).toHaveLength(1200)
    expect(file.audit.length).toBe(fromFile.auditEntries)
    for (const key of Object.keys(file)) expect({ [key]: pg[key] }).toEqual({ [key]: file[key] })
    // The same files again, a few of them changed: the same updates and audit entries on both.
    const changed = structuredClone(set)
    changed.families[3].caf_number = '7777777'
    changed.guardians[10].city = 'Meylan'
    changed.children[5].school = 'École du Bourg'
    changed.quotients[7] = { ...changed.quotients[7], qf: 999 }
    changed.quotients[8] = { ...changed.quotients[8], qf: 640, valid_from: '2027-01-01', valid_to: null }
    const again = [
      await importInto('sqlite', changed, 'second'),
      await importInto('postgres', changed, 'second'),
    ]
    expect(again[0].problems).toEqual([])
    expect(again[1]).toEqual({ ...again[0], lockMs: again[1].lockMs })
    expect(again[0].counts.familles.changed).toBeGreaterThan(0)
    const [file2, pg2] = [await contents('sqlite'), await contents('postgres')]
    for (const key of Object.keys(file2)) expect({ [key]: pg2[key] }).toEqual({ [key]: file2[key] })
  })

  it('writes nothing when a problem is found in a late batch (the last vaccination, of an unknown child)', async () => {
    const set = syntheticSet(5600, 50_000)
    set.vaccinations.at(-1)!.identifier = '499999999999'
    const before = await contents('postgres')
    phases.length = 0
    const report = await importInto('postgres', set, 'tardif')
    // The families, guardians and children were written before the problem was found: rolled back.
    expect(phases).toContain('Écriture')
    expect(report.written).toBe(false)
    expect(report.auditEntries).toBe(0)
    expect(report.problems.map((p) => p.message)).toEqual([
      'enfant 499999999999 inconnu : il n’est ni dans Marelle ni dans enfants.csv.',
    ])
    expect(await contents('postgres')).toEqual(before)
  })

  it('refuses a second import while one runs, in French, and writes the first whole', async () => {
    for (const engine of ['sqlite', 'postgres'] as const) {
      const [a, b] = [syntheticSet(400, 80_000), syntheticSet(400, 90_000)]
      const results = await Promise.allSettled([
        importInto(engine, a, `concurrent-a-${engine}`),
        importInto(engine, b, `concurrent-b-${engine}`),
      ])
      const refused = results.filter((r) => r.status === 'rejected')
      const done = results.filter((r) => r.status === 'fulfilled')
      expect(refused.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([REFUSED.import])
      expect(done.map((r) => (r as PromiseFulfilledResult<{ written: boolean }>).value.written)).toEqual([
        true,
      ])
    }
  })

  it('runs as the Import screen’s job without a worker thread (InlineJobs): preview, then import, then refused while one runs', async () => {
    const jobs = new InlineJobs({
      db: server.pg.db,
      storage: server.pg.storage,
      clock: { now: () => AT },
      log: silentLog,
      paths: { databasePath: join(dir, 'serveur'), backupsDir: join(dir, 'backups'), logsDir: null },
      version: 'test',
    })
    const stage = join(dir, 'ecran')
    mkdirSync(join(stage, STAGED_FILES), { recursive: true })
    writeSyntheticFiles(syntheticSet(300, 120_000), join(stage, STAGED_FILES))
    const params = { importId: 'ecran-00000000', dir: stage }
    const preview = await jobs.wait(jobs.start('csv.import.preview', params, ACTOR).id)
    expect(preview.state).toBe('done')
    expect(preview.result).toMatchObject({ written: false, canImport: true, problemCount: 0 })
    const first = jobs.start('csv.import.run', params, ACTOR)
    expect(first.state).toBe('running')
    const second = jobs.start('csv.import.run', params, ACTOR)
    // Both are under way at once: whichever takes the server's lock first writes, the other is refused.
    const [done, refused] = [await jobs.wait(first.id), await jobs.wait(second.id)].sort((x, y) =>
      x.state === 'done' ? -1 : y.state === 'done' ? 1 : 0,
    )
    expect(done.state).toBe('done')
    expect(done.result).toMatchObject({ written: true, counts: { familles: { added: 300 } } })
    expect(refused).toMatchObject({ state: 'failed', error: { code: 'BUSY', message: REFUSED.import } })
    await jobs.close()
  })

  it('import families from the command line on the server: checked, then written, then nothing to change', async () => {
    const folder = join(dir, 'cli')
    mkdirSync(folder)
    const files = writeSyntheticFiles(syntheticSet(150, 140_000), folder)
    const run = async (...args: string[]) => {
      const out: string[] = []
      const err: string[] = []
      const code = await main(['--db', server.url, ...args], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      })
      return { code, out: out.join('\n'), err: err.join('\n') }
    }
    const dry = await run('import', 'families', ...files, '--dry-run')
    expect(dry.err).not.toMatch(/Erreur|pas encore|disponible/)
    expect(dry.out).toContain('Essai (--dry-run) : rien n’a été écrit.')
    const written = await run('import', 'families', ...files)
    expect(written.err).not.toMatch(/Erreur|pas encore|disponible/)
    expect(written.code).toBe(0)
    expect(written.out).toMatch(/Import écrit \(\d+ entrées au journal d’audit\)\./)
    expect((await run('import', 'families', ...files)).out).toContain(
      'Rien à modifier : la base contient déjà ces données.',
    )
  })
})
