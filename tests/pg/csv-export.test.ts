import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import type { Actor, StaffContext } from '../../src-main/backend/context'
import { systemClock } from '../../src-main/backend/context'
import { readZip } from '../../src-main/backend/csv/index'
import { type OpenDatabase, openDatabase } from '../../src-main/backend/db/open'
import { exportedKeys, exportFiles } from '../../src-main/backend/family-csv/export/collect'
import { runExport } from '../../src-main/backend/family-csv/export/run'
import { formOf } from '../../src-main/backend/family-csv/export/target'
import { HEALTH_BULK_ACTION } from '../../src-main/backend/ipc/health-trace'
import { InlineJobs } from '../../src-main/backend/jobs/inline'
import { main } from '../../src-main/cli/main'
import type { ExportScope } from '../../src-shared/contract/csv'
import { silentLog } from '../helpers/backend'
import { describePg, testDatabase } from './helpers'

// The CSV export of the families on a PostgreSQL server (docs/architecture.md,
// « Mode serveur »): after `transfer`, the same demo exported from the file
// and from the server gives the same CSV text, file by file and byte by
// byte, whatever the scope and the role, with the same health-read trace.

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 })

async function run(...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

let dir: string
let file: string
let opened: OpenDatabase

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-pg-export-'))
  file = join(dir, 'demo.db')
  expect((await run('--db', file, 'migrate')).code).toBe(0)
  expect((await run('--db', file, 'demo', '--families', '200', '--seed', '11')).code).toBe(0)
})
afterAll(async () => {
  await opened?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The files of a folder export, by name. */
function folder(path: string): Record<string, string> {
  return Object.fromEntries(readdirSync(path).map((name) => [name, readFileSync(join(path, name), 'utf8')]))
}

/** The CSV files of a .zip export, by name. */
function zipped(path: string): Record<string, string> {
  return Object.fromEntries(
    [...readZip(readFileSync(path), path)].map((e) => [e.name, Buffer.from(e.data).toString('utf8')]),
  )
}

const AGENT: Actor = { staffId: null, login: 'agent-test', displayName: 'Agent (test)', role: 'agent' }

describePg('the CSV export of the families on PostgreSQL', () => {
  const pg = testDatabase({ empty: true })

  beforeAll(async () => {
    const moved = await run('--db', file, 'transfer', '--to', pg.url)
    expect(moved.err).not.toMatch(/Erreur/)
    expect(moved.code).toBe(0)
    opened = openDatabase(file)
  })

  function context(engine: 'sqlite' | 'postgres', actor: Actor) {
    const base: StaffContext =
      engine === 'sqlite'
        ? {
            db: opened.db,
            storage: opened.storage,
            clock: systemClock,
            log: silentLog,
            paths: { databasePath: file, backupsDir: join(dir, 'backups'), logsDir: null },
            version: 'test',
            session: { staffId: null },
            actor,
          }
        : {
            db: pg.pg.db,
            storage: pg.pg.storage,
            clock: systemClock,
            log: silentLog,
            paths: { databasePath: join(dir, 'serveur'), backupsDir: join(dir, 'backups'), logsDir: null },
            version: 'test',
            session: { staffId: null },
            actor,
          }
    const phases: string[] = []
    return { ctx: { ...base, progress() {}, throwIfCancelled() {} }, phases }
  }

  async function exportBoth(name: string, scope: ExportScope, actor: Actor = commandLineActor('test')) {
    const results = []
    const files = []
    for (const engine of ['sqlite', 'postgres'] as const) {
      const path = join(dir, `${name}-${engine}`)
      results.push(
        await runExport(context(engine, actor).ctx, { scope, path, form: formOf(path), overwrite: false }),
      )
      files.push(folder(path))
    }
    return { results, files }
  }

  it('export families from the command line: the same six files from the file and from the server', async () => {
    const fromFile = await run('--db', file, 'export', 'families', '--out', join(dir, 'cli-fichier'))
    const fromServer = await run('--db', pg.url, 'export', 'families', '--out', join(dir, 'cli-serveur'))
    expect(fromFile.code).toBe(0)
    expect(fromServer.err).not.toMatch(/Erreur|indisponible|pas encore/)
    expect(fromServer.code).toBe(0)
    const a = folder(join(dir, 'cli-fichier'))
    const b = folder(join(dir, 'cli-serveur'))
    expect(Object.keys(a).sort()).toEqual([
      'enfants.csv',
      'familles.csv',
      'personnes_autorisees.csv',
      'responsables.csv',
      'sante.csv',
      'vaccinations.csv',
    ])
    for (const name of Object.keys(a)) expect(b[name], name).toBe(a[name])
    // Real data, not headers only: 200 families and the TEST family, with children and vaccinations.
    expect(a['familles.csv'].split('\r\n').length).toBe(1 + 201 + 1)
    expect(a['vaccinations.csv'].split('\r\n').length).toBeGreaterThan(500)
    expect(a['sante.csv'].split('\r\n').length).toBeGreaterThan(2)
    expect(fromServer.out.replace(/cli-serveur/g, 'X')).toBe(fromFile.out.replace(/cli-fichier/g, 'X'))
  })

  it('a .zip gives the same CSV text from both', async () => {
    expect((await run('--db', file, 'export', 'families', '--out', join(dir, 'f.zip'))).code).toBe(0)
    expect((await run('--db', pg.url, 'export', 'families', '--out', join(dir, 's.zip'))).code).toBe(0)
    const a = zipped(join(dir, 'f.zip'))
    const b = zipped(join(dir, 's.zip'))
    expect(Object.keys(a)).toHaveLength(6)
    expect(b).toEqual(a)
  })

  it('the same families ticked, or found by a search, from both', async () => {
    const ids = (await pg.pg.db.selectFrom('families').select('id').orderBy('id').execute()).map((r) => r.id)
    // Every other family, in no order, one twice: exported in N° famille order, once each.
    const ticked = ids.filter((_, i) => i % 2 === 0).reverse()
    ticked.push(ticked[0])
    const chosen = await exportBoth('coches', { kind: 'families', ids: ticked })
    expect(chosen.results[0].families).toBe(ids.filter((_, i) => i % 2 === 0).length)
    expect(chosen.results[1]).toEqual({ ...chosen.results[0], path: chosen.results[1].path })
    expect(chosen.files[1]).toEqual(chosen.files[0])

    const surname = (
      await pg.pg.db
        .selectFrom('guardians')
        .select('last_name')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).last_name
    const found = await exportBoth('recherche', { kind: 'search', query: surname.toLowerCase() })
    expect(found.results[0].families).toBeGreaterThan(0)
    expect(found.results[0].families).toBeLessThan(201)
    expect(found.results[1].families).toBe(found.results[0].families)
    expect(found.files[1]).toEqual(found.files[0])
    expect(found.files[0]['responsables.csv']).toContain(surname)
  })

  it('leaves health out for a role without the right, and traces the health read of the others, alike', async () => {
    const agent = await exportBoth('agent', { kind: 'all' }, AGENT)
    for (const result of agent.results) expect(result.healthOmitted).toBe(true)
    expect(Object.keys(agent.files[0]).sort()).toEqual([
      'enfants.csv',
      'familles.csv',
      'personnes_autorisees.csv',
      'responsables.csv',
    ])
    expect(agent.files[0]['enfants.csv'].split('\r\n')[0]).not.toMatch(/PAI/)
    expect(agent.files[1]).toEqual(agent.files[0])

    const traces = async (engine: 'sqlite' | 'postgres') =>
      (
        await (engine === 'sqlite' ? opened.db : pg.pg.db)
          .selectFrom('audit_log')
          .select(['action', 'note', 'source'])
          .where('action', '=', HEALTH_BULK_ACTION)
          .orderBy('id')
          .execute()
      ).map((r) => `${r.action} ${r.note}`)
    const before = [await traces('sqlite'), await traces('postgres')]
    const admin = await exportBoth('admin', { kind: 'all' })
    for (const result of admin.results) expect(result.healthOmitted).toBe(false)
    expect(admin.files[1]).toEqual(admin.files[0])
    const added = [
      (await traces('sqlite')).slice(before[0].length),
      (await traces('postgres')).slice(before[1].length),
    ]
    expect(added[0]).toHaveLength(1)
    expect(added[0][0]).toMatch(/export CSV des familles.*toutes les familles/)
    expect(added[1]).toEqual(added[0])
  })

  it('reads page by page: small pages give the same files as one', async () => {
    for (const engine of ['sqlite', 'postgres'] as const) {
      const db = engine === 'sqlite' ? opened.db : pg.pg.db
      let counted = 0
      const read = (pageFamilies: number | undefined, selection: number[] | null = null) =>
        db.transaction().execute((trx) =>
          exportFiles(trx, exportedKeys(true), {
            selection,
            healthAllowed: true,
            today: '2026-12-02',
            counted: (total) => {
              counted = total
            },
            tick() {},
            pageFamilies,
          }),
        )
      const whole = await read(undefined)
      const paged = await read(7)
      expect(paged.map((f) => f.rows)).toEqual(whole.map((f) => f.rows))
      expect(counted).toBe(whole.reduce((sum, f) => sum + f.rows, 0))
      const ids = (await db.selectFrom('families').select('id').execute()).map((r) => r.id)
      const chosen = await read(7, ids.reverse())
      expect(counted).toBe(whole.reduce((sum, f) => sum + f.rows, 0))
      expect(chosen.map((f) => f.data.toString('utf8'))).toEqual(whole.map((f) => f.data.toString('utf8')))
      expect(paged.map((f) => f.data.toString('utf8'))).toEqual(whole.map((f) => f.data.toString('utf8')))
    }
  })

  it('runs as the Export screen’s job without a worker thread (InlineJobs): the same files, a .zip to download', async () => {
    const { ctx } = context('postgres', commandLineActor('test'))
    const jobs = new InlineJobs({ ...ctx, paths: ctx.paths })
    try {
      const path = join(dir, 'ecran-serveur')
      const started = jobs.start(
        'csv.export',
        { scope: { kind: 'all' }, path, form: 'folder', overwrite: false },
        ctx.actor,
      )
      expect(started.state).toBe('running')
      const done = await jobs.wait(started.id)
      expect(done.error).toBeUndefined()
      expect(done.state).toBe('done')
      expect(done.result).toMatchObject({ families: 201, path, download: null, healthOmitted: false })
      expect(done.progress.total).toBe(done.progress.done)
      expect(folder(path)).toEqual(folder(join(dir, 'cli-fichier')))

      const zip = join(dir, 'telechargement', 'familles.zip')
      const web = await jobs.wait(
        jobs.start(
          'csv.export',
          { scope: { kind: 'all' }, path: zip, form: 'zip', overwrite: false, downloadId: 'telechargement' },
          ctx.actor,
        ).id,
      )
      expect(web.state).toBe('done')
      expect(web.result).toMatchObject({
        path: null,
        download: { id: 'telechargement', name: 'familles.zip' },
      })
      expect(zipped(zip)).toEqual(zipped(join(dir, 'f.zip')))
    } finally {
      await jobs.close()
    }
  })
})
