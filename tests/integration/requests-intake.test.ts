import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { importRequests } from '../../src-main/backend/requests/intake'
import type { JobView } from '../../src-shared/contract/jobs'
import {
  jsonl,
  requestLine,
  requestsFixture,
  SEED_EMAIL,
  SEED_PERSON_DELETE,
  SEED_VACCINATION,
} from '../helpers/requests'

const t = requestsFixture()

/** The rows of a query (SQL both engines run), through ctx.db. */
const rows = async (query: string) => (await sql.raw(query).execute(t.backend.services.db)).rows

describe('intake of the portal’s JSON Lines', () => {
  it('imports the seed’s requests with one item per field, flags and channel, and is idempotent on ref', async () => {
    expect(await t.api.import(SEED_EMAIL, SEED_VACCINATION, SEED_PERSON_DELETE)).toEqual({
      imported: 3,
      duplicates: 0,
      errors: [],
    })
    expect(
      await rows('SELECT ref, channel, state, needs_review, submitted_at_utc FROM requests ORDER BY ref'),
    ).toEqual([
      {
        ref: 'P-20170703-000017',
        channel: 'portail',
        state: 'pending',
        needs_review: 0,
        submitted_at_utc: '2017-07-03T08:12:00.000Z',
      },
      expect.objectContaining({ ref: 'P-20170703-000018', needs_review: 1 }),
      expect.objectContaining({ ref: 'P-20170703-000019', needs_review: 1 }),
    ])
    expect(
      await rows(
        'SELECT r.ref, i.field, i.seen_value, i.requested_value FROM request_items i JOIN requests r ON r.id = i.request_id ORDER BY r.ref, i.position',
      ),
    ).toEqual([
      {
        ref: 'P-20170703-000017',
        field: 'email',
        seen_value: 'null',
        requested_value: '"adressereceptionfact@ci.com"',
      },
      { ref: 'P-20170703-000018', field: 'vaccin', seen_value: null, requested_value: '"Pentacoq"' },
      { ref: 'P-20170703-000018', field: 'date', seen_value: null, requested_value: '"2014-06-12"' },
      { ref: 'P-20170703-000018', field: 'date_rappel', seen_value: null, requested_value: '"2017-07-01"' },
      { ref: 'P-20170703-000019', field: 'nom', seen_value: null, requested_value: '"VOISNE"' },
      { ref: 'P-20170703-000019', field: 'prenom', seen_value: null, requested_value: '"TEST"' },
    ])
    expect(await t.api.import(SEED_EMAIL, SEED_VACCINATION, SEED_PERSON_DELETE)).toEqual({
      imported: 0,
      duplicates: 3,
      errors: [],
    })
    expect(await rows('SELECT count(*) AS n FROM requests')).toEqual([{ n: 3 }])
  })

  it('reports each bad line with its number and French reason, and imports the valid ones', async () => {
    const ok = (n: number) => requestLine(n, 'responsable.update', { mobile: `06 12 34 56 7${n % 10}` })
    const result = await t.api.import(
      ok(1),
      '{"ref": "P-1", ',
      '[1, 2]',
      { ...ok(2), ref: '' },
      { ...ok(3), submitted_at: '2017-07-03T10:12:00' },
      { ...ok(4), family: '383304932264' },
      requestLine(5, 'vaccination.add', { vaccin: 'Pentacoq', date: '2014-06-12' }, { child: undefined }),
      requestLine(
        6,
        'vaccination.add',
        { vaccin: 'Pentacoq', date: '2014-06-12' },
        { child: '999999999999' },
      ),
      { ...ok(7), kind: 'responsable.delete' },
      requestLine(8, 'responsable.update', { email: 'pas-une-adresse' }),
      requestLine(9, 'responsable.update', { courriel: 'a@b.fr' }),
      requestLine(10, 'responsable.update', {}),
      { ...ok(11), seen: { couleur: 'bleu' } },
      { ...ok(12), urgent: true },
      requestLine(13, 'vaccination.add', { vaccin: 'Pentacoq', date: '31/02/2014' }),
      requestLine(14, 'reservation.add', { service: 'Repas', dates: [] }),
      ok(15),
    )
    expect(result.imported).toBe(2)
    expect(result.duplicates).toBe(0)
    expect(result.errors).toEqual([
      { line: 2, reason: 'JSON invalide : la ligne n’est pas un objet JSON lisible' },
      { line: 3, reason: 'JSON invalide : un objet { … } est attendu sur chaque ligne' },
      { line: 4, reason: 'Référence : obligatoire' },
      {
        line: 5,
        reason: 'Date d’envoi : date et heure ISO 8601 avec fuseau attendues (ex. 2017-07-03T10:12:00+02:00)',
      },
      {
        line: 6,
        reason:
          'N° famille : famille n° 383304932264 introuvable ; vouliez-vous dire 383304832264 (TEST TEST) ?',
      },
      { line: 7, reason: 'Identifiant enfant : obligatoire pour une demande « Ajout d’une vaccination »' },
      { line: 8, reason: 'Identifiant enfant : enfant d’identifiant 999999999999 introuvable' },
      { line: 9, reason: 'Type de demande : type inconnu « responsable.delete »' },
      { line: 10, reason: 'Email : adresse e-mail invalide' },
      { line: 11, reason: 'Contenu : champ inconnu : courriel' },
      { line: 12, reason: 'Contenu : aucun champ à modifier' },
      { line: 13, reason: 'Vu par la famille : champ inconnu : couleur' },
      { line: 14, reason: 'Ligne : champ inconnu : urgent' },
      { line: 15, reason: 'Date : date invalide (jj/mm/aaaa)' },
      { line: 16, reason: 'Dates : au moins 1 élément' },
    ])
    expect(await rows('SELECT ref FROM requests ORDER BY ref')).toEqual([
      { ref: 'T-000001' },
      { ref: 'T-000015' },
    ])
  })

  it('refuses a child of another family', async () => {
    const other = await t.backend.call<{ id: number }>(
      'families/create',
      { number: '000000000042', responsable: { nom: 'AUTRE' } },
      t.admin,
    )
    await t.backend.call(
      'children/create',
      { familyId: other.id, identifier: '000000000043', values: { nom: 'AUTRE', prenom: 'Léo' } },
      t.admin,
    )
    const result = await t.api.import(
      requestLine(
        1,
        'authorized_person.delete',
        { nom: 'VOISNE', prenom: 'TEST' },
        { child: '000000000043' },
      ),
    )
    expect(result.errors).toEqual([
      {
        line: 1,
        reason: 'Identifiant enfant : l’enfant 000000000043 n’appartient pas à la famille n° 383304832264',
      },
    ])
  })

  it('skips blank lines, reads a byte-order mark and CRLF, counts a ref repeated in the file as a duplicate', async () => {
    const text = `\uFEFF${JSON.stringify(SEED_EMAIL)}\r\n\r\n${JSON.stringify(SEED_EMAIL)}\r\n   \r\n${JSON.stringify(SEED_VACCINATION)}`
    expect(await importRequests(await t.api.context(), text)).toEqual({
      imported: 2,
      duplicates: 1,
      errors: [],
    })
  })

  it('the channel imports in a worker thread that the screen follows with jobs/status', async () => {
    const text = jsonl(SEED_EMAIL, 'pas du json')
    const { jobId } = await t.backend.call<{ jobId: string }>(
      'requests/import',
      { text, fileName: 'p.jsonl' },
      t.admin,
    )
    let status: JobView
    do {
      await new Promise((r) => setTimeout(r, 50))
      status = await t.backend.call<JobView>('jobs/status', { id: jobId }, t.admin)
    } while (status.state === 'running')
    expect(status).toMatchObject({
      state: 'done',
      result: {
        imported: 1,
        duplicates: 0,
        errors: [{ line: 2, reason: 'JSON invalide : la ligne n’est pas un objet JSON lisible' }],
      },
    })
    expect(await rows('SELECT ref FROM requests')).toEqual([{ ref: SEED_EMAIL.ref }])
    expect(await rows("SELECT note FROM audit_log WHERE action = 'request.import'")).toEqual([
      { note: 'Import de 1 demande(s) du portail (fichier p.jsonl)' },
    ])
  })

  it('normalises values with the field catalogue (aliases, phones, options, dates)', async () => {
    await t.api.import(
      requestLine(1, 'responsable.update', { telephone_prof: '04 76 00 00 00', qualite: 'mère' }),
      requestLine(2, 'vaccination.add', {
        vaccin: 'Pentacoq',
        date: '12/06/2014',
        date_de_rappel: '01/07/2017',
      }),
    )
    expect(
      await rows('SELECT i.field, i.requested_value FROM request_items i ORDER BY i.request_id, i.position'),
    ).toEqual([
      { field: 'qualite', requested_value: '"mere"' },
      { field: 'telephone_professionnel', requested_value: '"0476000000"' },
      { field: 'vaccin', requested_value: '"Pentacoq"' },
      { field: 'date', requested_value: '"2014-06-12"' },
      { field: 'date_rappel', requested_value: '"2017-07-01"' },
    ])
  })

  it('builds one item per date for agenda kinds', async () => {
    await t.api.import(
      requestLine(1, 'absence.declare', {
        service: 'Repas',
        dates: ['2017-07-06', '2017-07-04', '2017-07-06'],
        motif: 'Malade',
      }),
    )
    expect(await rows('SELECT field, requested_value FROM request_items ORDER BY position')).toEqual([
      { field: '2017-07-04', requested_value: '"Repas"' },
      { field: '2017-07-06', requested_value: '"Repas"' },
    ])
  })
})

describe('duplicates: a newer pending request replaces the older one it covers', () => {
  it('on the same field: the older is replaced, points at the newer, both stay visible', async () => {
    await t.api.import(
      requestLine(1, 'responsable.update', { email: 'ancienne@ci.com' }),
      requestLine(2, 'responsable.update', { email: 'nouvelle@ci.com', mobile: '0612345678' }),
    )
    const older = await t.api.byRef('T-000001')
    expect(older).toMatchObject({ state: 'replaced', replacedBy: { ref: 'T-000002' } })
    expect(older.resolution).toContain('T-000002')
    expect((await t.api.byRef('T-000002')).replaces.map((r) => r.ref)).toEqual(['T-000001'])
    const page = await t.api.list({})
    expect(page.rows.map((r) => [r.ref, r.state, r.replacedByRef])).toEqual([
      ['T-000002', 'pending', null],
      ['T-000001', 'replaced', 'T-000002'],
    ])
  })

  it('by submission time, whatever the order of import; a partial overlap keeps both pending and says so', async () => {
    await t.api.import(requestLine(5, 'responsable.update', { email: 'b@ci.com' }))
    await t.api.import(requestLine(1, 'responsable.update', { email: 'a@ci.com' }))
    expect((await t.api.byRef('T-000001')).state).toBe('replaced')

    await t.api.import(
      requestLine(10, 'responsable.update', { mobile: '0611111111', ville: 'BIVIERS' }),
      requestLine(11, 'responsable.update', { mobile: '0622222222' }),
    )
    const partial = await t.api.byRef('T-000010')
    expect(partial.state).toBe('pending')
    expect(partial.lines.map((l) => [l.field, l.supersededBy])).toEqual([
      ['ville', null],
      ['mobile', 'T-000011'],
    ])
  })

  it('on the same person: the newer request of the same kind replaces the older one', async () => {
    await t.api.import(
      requestLine(1, 'authorized_person.add', { nom: 'DUPONT', prenom: 'Marie', lien_de_parente: 'tante' }),
      requestLine(2, 'authorized_person.add', { nom: 'Dupont', prenom: 'marie', lien_de_parente: 'tante' }),
      requestLine(3, 'authorized_person.delete', { nom: 'PLRI', prenom: 'TEST' }),
    )
    expect((await t.api.byRef('T-000001')).state).toBe('replaced')
    expect((await t.api.byRef('T-000003')).state).toBe('pending')
  })

  it('only a request of the same kind replaces another (issue 10, point 4)', async () => {
    await t.api.import(
      requestLine(1, 'absence.declare', { service: 'Repas', dates: ['2017-07-10'], motif: 'malade' }),
      requestLine(2, 'reservation.add', { service: 'Repas', dates: ['2017-07-10', '2017-07-11'] }),
      requestLine(3, 'authorized_person.add', { nom: 'DUPONT', prenom: 'Marie', lien_de_parente: 'tante' }),
      requestLine(4, 'authorized_person.delete', { nom: 'Dupont', prenom: 'marie' }),
      requestLine(5, 'authorized_person.update', { nom: 'PLRI', prenom: 'TEST', mobile: '0611111111' }),
      requestLine(6, 'authorized_person.delete', { nom: 'PLRI', prenom: 'TEST' }),
    )
    for (const ref of ['T-000001', 'T-000002', 'T-000003', 'T-000004', 'T-000005', 'T-000006'])
      expect([ref, (await t.api.byRef(ref)).state]).toEqual([ref, 'pending'])
    const update = await t.api.byRef('T-000005')
    expect(update.lines.map((l) => l.supersededBy)).toEqual([null])
  })
})
