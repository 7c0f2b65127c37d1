import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import {
  jsonl,
  requestLine,
  requestsFixture,
  SEED_EMAIL,
  SEED_PERSON_DELETE,
  SEED_VACCINATION,
} from '../helpers/requests'

// The command line opens the database itself, as a scheduled task would; the
// backend stays open beside it (in server mode, closing it drops its database).
const t = requestsFixture()

const run = (...argv: string[]) => runCli('--db', t.backend.database, ...argv)

function file(name: string, text: string) {
  const path = join(t.backend.dir, name)
  writeFileSync(path, text)
  return path
}

describe('marelle requests', () => {
  it('import --json prints the summary exactly, exit 0 when every line was imported or already known', async () => {
    const path = file('portail.jsonl', jsonl(SEED_EMAIL, SEED_VACCINATION, SEED_PERSON_DELETE))
    expect(await run('requests', 'import', path, '--json')).toEqual({
      code: 0,
      out: '{"imported": 3, "duplicates": 0, "errors": []}',
      err: '',
    })
    expect(await run('requests', 'import', path, '--json')).toMatchObject({
      code: 0,
      out: '{"imported": 0, "duplicates": 3, "errors": []}',
    })
  })

  it('import exits 1 when some lines were rejected, and still imports the others', async () => {
    const path = file(
      'portail.jsonl',
      jsonl(SEED_EMAIL, 'pas du json', { ...SEED_VACCINATION, family: '383304932264' }),
    )
    expect(await run('requests', 'import', path, '--json')).toMatchObject({
      code: 1,
      out: '{"imported": 1, "duplicates": 0, "errors": [{"line": 2, "reason": "JSON invalide : la ligne n’est pas un objet JSON lisible"}, {"line": 3, "reason": "N° famille : famille n° 383304932264 introuvable ; vouliez-vous dire 383304832264 (TEST TEST) ?"}]}',
    })
    const text = await run('requests', 'import', path)
    expect(text.code).toBe(1)
    expect(text.out).toBe('0 demande(s) importée(s), 1 déjà connue(s), 2 ligne(s) refusée(s).')
    expect(text.err).toContain(
      'Ligne 3 : N° famille : famille n° 383304932264 introuvable ; vouliez-vous dire 383304832264 (TEST TEST) ?',
    )
  })

  it('import: a missing file exits 1, no file exits 2', async () => {
    expect((await run('requests', 'import', join(t.backend.dir, 'absent.jsonl'))).code).toBe(1)
    expect((await run('requests', 'import')).code).toBe(2)
  })

  it('list --json, decide --validate --fields, decide --refuse --reply, then list --state decided', async () => {
    await run(
      'requests',
      'import',
      file(
        'p.jsonl',
        jsonl(
          SEED_EMAIL,
          SEED_VACCINATION,
          requestLine(1, 'responsable.update', { mobile: '0611223344', ville: 'MEYLAN' }),
        ),
      ),
    )
    const pending = await run('requests', 'list', '--state', 'pending', '--json')
    expect(pending.code).toBe(0)
    const rows = JSON.parse(pending.out)
    expect(rows.map((r: { ref: string }) => r.ref)).toEqual([
      'T-000001',
      'P-20170703-000017',
      'P-20170703-000018',
    ])
    expect(rows[2]).toEqual({
      ref: 'P-20170703-000018',
      kind: 'vaccination.add',
      state: 'pending',
      channel: 'portail',
      submitted_at: '2017-07-03T10:20:00+02:00',
      days_waiting: expect.any(Number),
      family: '383304832264',
      child: '383306398666',
      needs_review: true,
      conflict: false,
      not_applicable: null,
      replaced_by: null,
    })
    const partial = await run('requests', 'decide', 'T-000001', '--validate', '--fields', 'ville')
    expect(partial).toMatchObject({ code: 0 })
    expect(partial.out).toMatch(/^Demande T-000001 : partiellement validée\./)
    const refused = await run(
      'requests',
      'decide',
      'P-20170703-000018',
      '--refuse',
      '--reply',
      'Merci de nous envoyer le carnet.',
    )
    expect(refused.out).toMatch(/^Demande P-20170703-000018 : refusée\./)
    const again = await run('requests', 'decide', 'P-20170703-000018', '--validate')
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/^Cette demande a déjà été traitée \(refusée/)
    const decided = JSON.parse((await run('requests', 'list', '--state', 'decided', '--json')).out)
    // Decided ones come most recent first.
    expect(decided.map((r: { ref: string; state: string }) => [r.ref, r.state])).toEqual([
      ['P-20170703-000018', 'refused'],
      ['T-000001', 'partial'],
    ])
  })

  it('decide: usage errors exit 2, an unknown ref or field exits 1', async () => {
    await run('requests', 'import', file('p.jsonl', jsonl(SEED_EMAIL)))
    expect((await run('requests', 'decide', SEED_EMAIL.ref)).code).toBe(2)
    expect((await run('requests', 'decide', SEED_EMAIL.ref, '--validate', '--refuse')).code).toBe(2)
    expect((await run('requests', 'list', '--state', 'toutes')).code).toBe(2)
    expect(await run('requests', 'decide', 'P-0', '--validate')).toMatchObject({
      code: 1,
      err: 'Demande P-0 introuvable.',
    })
    expect(await run('requests', 'decide', SEED_EMAIL.ref, '--validate', '--fields', 'mobile')).toMatchObject(
      {
        code: 1,
        err: 'Champ(s) absent(s) de la demande P-20170703-000017 : mobile (champs : email).',
      },
    )
  })

  it('export-decisions writes the decisions format', async () => {
    await run('requests', 'import', file('p.jsonl', jsonl(SEED_EMAIL, SEED_VACCINATION)))
    await run('requests', 'decide', SEED_EMAIL.ref, '--validate')
    await run('requests', 'decide', SEED_VACCINATION.ref, '--refuse', '--reply', 'Carnet illisible.')
    const out = join(t.backend.dir, 'decisions.jsonl')
    const result = await run('requests', 'export-decisions', '--since', '2017-07-03', '--out', out)
    expect(result).toMatchObject({ code: 0, out: `2 décision(s) écrite(s) dans ${out}.` })
    const lines = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => Object.keys(l))).toEqual([
      ['ref', 'state', 'decided_at', 'reply'],
      ['ref', 'state', 'decided_at', 'reply'],
    ])
    expect(lines.map((l) => [l.ref, l.state])).toEqual([
      [SEED_EMAIL.ref, 'validée'],
      [SEED_VACCINATION.ref, 'refusée'],
    ])
    expect(lines[1].reply).toBe('Carnet illisible.')
    expect((await run('requests', 'export-decisions', '--since', 'hier', '--out', out)).code).toBe(1)
    expect((await run('requests', 'export-decisions', '--out', out)).code).toBe(2)
  })
})
