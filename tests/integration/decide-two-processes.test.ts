import { spawn, spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ADMIN_INPUT } from '../helpers/backend'
import { auditEntries } from '../helpers/families'
import { requestLine, requestsFixture } from '../helpers/requests'

// One request decided by two processes on one file: the desktop app (the
// back-end in this process, through its dispatcher) and an administrator's
// `marelle requests decide` (a second process with its own connection). The
// version check and the change are one transaction in SQLite, so whichever
// comes second is refused in French and nothing is applied twice.

const t = requestsFixture()
const bin = resolve(import.meta.dirname, '../../bin/marelle.js')

function cliDecide(ref: string) {
  const run = spawnSync(
    process.execPath,
    [bin, '--db', t.backend.database, '--as', ADMIN_INPUT.login, 'requests', 'decide', ref, '--validate'],
    { encoding: 'utf8' },
  )
  return { code: run.status, out: run.stdout, err: run.stderr }
}

const DUPONT = requestLine(1, 'authorized_person.add', { nom: 'DUPONT', lien_de_parente: 'oncle' })

async function appliedOnce() {
  const { db } = t.backend.services
  const dupont = await db
    .selectFrom('authorized_persons')
    .select('id')
    .where('last_name', '=', 'DUPONT')
    .execute()
  expect(dupont).toHaveLength(1)
  expect(await db.selectFrom('messages').select('id').execute()).toHaveLength(1)
  expect(await auditEntries(t.backend, { action: 'request.decide' })).toHaveLength(1)
}

describe('the command line and the app deciding one request', () => {
  it('the app, deciding on the version it opened after the command line decided, is refused', {
    timeout: 60_000,
  }, async () => {
    await t.api.import(DUPONT)
    const review = await t.api.byRef('T-000001')
    const cli = cliDecide('T-000001')
    expect(cli).toMatchObject({ code: 0 })
    expect(cli.out).toContain('Demande T-000001 : validée')
    const second = await t.backend.dispatch(
      'requests/decide',
      {
        id: review.id,
        version: review.version,
        outcomes: review.lines.map((l) => ({ field: l.field, accept: true })),
      },
      t.admin,
    )
    expect(second.ok ? null : second.error).toMatchObject({ code: 'CONFLICT' })
    expect(second.ok ? '' : second.error.message).toMatch(
      /^Cette demande a déjà été traitée \(validée par Camille Admin/,
    )
    await appliedOnce()
  })

  it('the command line, coming after the app, is refused in French with exit code 1', {
    timeout: 60_000,
  }, async () => {
    await t.api.import(DUPONT)
    await t.api.decide('T-000001', 'all')
    const cli = cliDecide('T-000001')
    expect(cli.code).toBe(1)
    expect(cli.err).toMatch(/déjà été traitée|déjà traitée|n’est plus en attente/)
    expect(cli.err).not.toMatch(/^\s+at /m)
    await appliedOnce()
  })

  it('at the same moment, exactly one of them applies it', { timeout: 60_000 }, async () => {
    await t.api.import(DUPONT)
    const review = await t.api.byRef('T-000001')
    const input = {
      id: review.id,
      version: review.version,
      outcomes: review.lines.map((l) => ({ field: l.field, accept: true })),
    }
    const child = spawn(
      process.execPath,
      [
        bin,
        '--db',
        t.backend.database,
        '--as',
        ADMIN_INPUT.login,
        'requests',
        'decide',
        'T-000001',
        '--validate',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let err = ''
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString()
    })
    const cliCode = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    // The app keeps trying while the command line starts, reads and decides.
    let app: Awaited<ReturnType<typeof t.backend.dispatch>>
    for (;;) {
      app = await t.backend.dispatch('requests/decide', input, t.admin)
      if (app.ok || app.error.code !== 'BUSY') break
    }
    const code = await cliCode
    const appWon = app.ok
    expect(appWon ? code : 0).toBe(appWon ? 1 : 0)
    if (!appWon) expect(app.ok ? null : app.error.code).toBe('CONFLICT')
    if (appWon) expect(err).toMatch(/déjà été traitée|n’est plus en attente/)
    await appliedOnce()
  })
})
