import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { readLines } from '../../src-main/backend/requests/intake'
import { applyReplacements } from '../../src-main/backend/requests/replacement'
import { storeRequests } from '../../src-main/backend/requests/store'
import type { BulkSummary, DecisionsExport, RequestCounts } from '../../src-shared/contract/requests'
import { signedInAs } from '../helpers/families'
import { onPostgres } from '../helpers/pg-backend'
import {
  jsonl,
  requestLine,
  requestsFixture,
  SEED_EMAIL,
  SEED_PERSON_DELETE,
  SEED_VACCINATION,
} from '../helpers/requests'
import { sqliteOf } from '../helpers/sqlite'

const t = requestsFixture()

describe('the queue', () => {
  it('counts by state as the rows say, whoever writes them (decisions, bulk validation, deletions)', async () => {
    const real = async (where: string) =>
      (
        await sql<{ n: number }>`SELECT count(*) AS n FROM requests WHERE ${sql.raw(where)}`.execute(
          t.backend.services.db,
        )
      ).rows[0].n
    const totals = async () => ({
      pending: (await t.api.list({ states: ['pending'] })).total,
      decided: (await t.api.list({ states: ['decided'] })).total,
      all: (await t.api.list({})).total,
    })
    const expected = async () => ({
      pending: await real("state = 'pending'"),
      decided: await real("state <> 'pending'"),
      all: await real('1 = 1'),
    })
    await t.api.import(
      SEED_EMAIL,
      requestLine(1, 'responsable.update', { ville: 'MEYLAN' }),
      requestLine(2, 'fiscal.update', { nombre_de_parts: 3 }),
      requestLine(3, 'caf.update', { n_allocataire: '1234567' }),
    )
    expect(await totals()).toEqual({ pending: 4, decided: 0, all: 4 })
    await t.api.decide('T-000001', 'none')
    const ids = (await t.api.list({ states: ['pending'] })).rows
      .filter((r) => r.ref === 'T-000002')
      .map((r) => r.id)
    expect(
      (await t.backend.call<BulkSummary>('requests/bulkValidate', { ids }, t.admin)).applied,
    ).toHaveLength(1)
    expect(await totals()).toEqual({ pending: 2, decided: 2, all: 4 })
    await t.backend.services.db.deleteFrom('requests').where('ref', '=', 'T-000003').execute()
    expect(await totals()).toEqual(await expected())
    expect((await totals()).pending).toBe(1)
  })

  it('lists pending first, oldest first, with days waiting, family, child, kind and flags', async () => {
    await t.api.import(
      SEED_PERSON_DELETE,
      SEED_EMAIL,
      requestLine(900, 'responsable.update', { ville: 'MEYLAN' }),
      SEED_VACCINATION,
    )
    await t.api.decide('T-000900', 'all')
    t.backend.clock.advance(2 * 86_400_000)
    const page = await t.api.list({})
    expect(page.total).toBe(4)
    expect(page.rows.map((r) => [r.ref, r.state, r.needsReview])).toEqual([
      ['P-20170703-000017', 'pending', false],
      ['P-20170703-000018', 'pending', true],
      ['P-20170703-000019', 'pending', true],
      ['T-000900', 'validated', false],
    ])
    // The test clock says 29/11/2026: 3,436 days since 03/07/2017.
    expect(page.rows[0]).toMatchObject({
      daysWaiting: 3436,
      familyNumber: '383304832264',
      familyName: 'TEST TEST',
      childName: null,
      kindLabel: 'Modification du responsable',
      channel: 'portail',
    })
    expect(page.rows[1]).toMatchObject({ childName: 'TEST ENFANT', childIdentifier: '383306398666' })
    // Decided on 27/11/2026, sent on 12/07/2017: the count stopped at the decision.
    expect(page.rows[3].daysWaiting).toBe(3425)
  })

  it('shows on each pending row the conflict and the « no longer applies » of its review', async () => {
    await t.api.import(
      requestLine(1, 'responsable.update', { ville: 'GRENOBLE' }, { seen: { ville: 'MEYLAN' } }),
      requestLine(2, 'caf.update', { n_allocataire: '1234567' }, { seen: { n_allocataire: '7654321' } }),
      requestLine(
        3,
        'authorized_person.update',
        { nom: 'VOISNE', prenom: 'TEST', telephone: '0699999999' },
        { seen: { telephone: '0612345678' } },
      ),
      requestLine(
        4,
        'authorized_person.delete',
        { nom: 'PLRI', prenom: 'TEST', telephone: '0606060606' },
        { seen: { telephone: '0600000000' } },
      ),
      requestLine(5, 'health.update', { type: 'maladie', libelle: 'Asthme', details: 'Ventoline' }),
      requestLine(6, 'authorized_person.add', { nom: 'plri', prenom: 'test', lien_de_parente: 'Grand-père' }),
      requestLine(7, 'reservation.add', { service: 'Repas', dates: ['2017-07-10'] }),
      requestLine(8, 'fiscal.update', { nombre_de_parts: 3 }),
      SEED_VACCINATION,
    )
    const child = await t.api.child()
    await t.backend.call(
      'vaccinations/add',
      { childId: child.id, values: { vaccin: 'PENTACOQ', date: '2014-06-12' } },
      t.admin,
    )
    const { rows } = await t.api.list({ limit: 5 })
    rows.push(...(await t.api.list({ offset: 5 })).rows)
    const shown = rows.map((r) => ({ ref: r.ref, conflict: r.conflict, notApplicable: r.notApplicable }))
    const reviewed = []
    for (const r of rows) {
      const review = await t.api.get(r.id)
      reviewed.push({ ref: r.ref, conflict: review.conflict, notApplicable: review.notApplicable })
    }
    expect(shown).toEqual(reviewed)
    expect(shown.filter((r) => r.conflict).map((r) => r.ref)).toEqual(['T-000001', 'T-000002', 'T-000004'])
    expect(shown.filter((r) => r.notApplicable).map((r) => r.ref)).toEqual([
      'T-000005',
      'T-000006',
      SEED_VACCINATION.ref,
    ])
  })

  it('filters by kind, state, family and date range, and pages', async () => {
    await t.api.import(
      SEED_EMAIL,
      SEED_VACCINATION,
      requestLine(250, 'responsable.update', { ville: 'MEYLAN' }),
      requestLine(251, 'fiscal.update', { nombre_de_parts: 2 }),
    )
    const refs = async (input: Record<string, unknown>) => (await t.api.list(input)).rows.map((r) => r.ref)
    expect(await refs({ kinds: ['vaccination.add'] })).toEqual(['P-20170703-000018'])
    expect(await refs({ states: ['decided'] })).toEqual([])
    expect(await refs({ family: '3833048' })).toHaveLength(4)
    expect(await refs({ family: 'test' })).toHaveLength(4)
    expect(await refs({ family: '999' })).toEqual([])
    expect(await refs({ from: '2017-07-05' })).toEqual(['T-000250', 'T-000251'])
    expect(await refs({ to: '2017-07-03' })).toEqual(['P-20170703-000017', 'P-20170703-000018'])
    const page = await t.api.list({ limit: 1, offset: 1 })
    expect(page).toMatchObject({ total: 4, rows: [{ ref: 'P-20170703-000018' }] })
  })

  it('counts pending requests per kind for the dashboard', async () => {
    await t.api.import(
      SEED_EMAIL,
      SEED_VACCINATION,
      SEED_PERSON_DELETE,
      requestLine(1, 'responsable.update', { ville: 'X' }),
    )
    expect(await t.backend.call<RequestCounts>('requests/counts', {}, t.admin)).toEqual({
      pending: 4,
      needsReview: 2,
      byKind: [
        { kind: 'responsable.update', label: 'Modification du responsable', count: 2 },
        { kind: 'authorized_person.delete', label: 'Suppression d’une personne autorisée', count: 1 },
        { kind: 'vaccination.add', label: 'Ajout d’une vaccination', count: 1 },
      ],
    })
  })
})

/**
 * Counts the SQL statements run (and the transactions begun) while `work`
 * runs: at better-sqlite3's statements on the file, at pg's client on a server.
 */
async function statements<T>(work: () => Promise<T>) {
  const seen = { count: 0, begins: 0 }
  if (onPostgres) {
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
    const original = proto.query
    proto.query = function (this: unknown, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text
      seen.count++
      if (/^\s*(BEGIN|START TRANSACTION)/i.test(text ?? '')) seen.begins++
      return original.apply(this, args)
    }
    try {
      return { value: await work(), ...seen }
    } finally {
      proto.query = original
    }
  }
  const sqlite = sqliteOf(t.backend.services)
  const proto = Object.getPrototypeOf(sqlite.prepare('SELECT 1'))
  const methods = ['all', 'get', 'run', 'iterate'] as const
  const originals = methods.map((m) => proto[m])
  methods.forEach((m, i) => {
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      seen.count++
      if (/^\s*BEGIN/i.test(this.source)) seen.begins++
      return originals[i].apply(this, args)
    }
  })
  try {
    return { value: await work(), ...seen }
  } finally {
    methods.forEach((m, i) => {
      proto[m] = originals[i]
    })
  }
}

describe('the queue at a city’s scale (issue 9, point 18)', () => {
  /** Additions that do not replace one another (each about its own record). */
  const lines = (from: number, n: number) =>
    Array.from({ length: n }, (_, k) =>
      k % 2 === 0
        ? requestLine(from + k, 'vaccination.add', {
            vaccin: 'Pentacoq',
            date: new Date(Date.UTC(2014, 0, 1 + from + k)).toISOString().slice(0, 10),
          })
        : requestLine(from + k, 'authorized_person.add', {
            nom: `VOISIN${from + k}`,
            prenom: 'Jean',
            lien_de_parente: 'Voisin(e)',
          }),
    )

  it('a page costs the same few statements whatever its size: no conflict check row by row', async () => {
    await t.api.import(
      requestLine(1, 'responsable.update', { ville: 'GRENOBLE' }, { seen: { ville: 'MEYLAN' } }),
      ...lines(10, 7),
    )
    const small = await statements(() => t.api.list({ limit: 8 }))
    await t.api.import(...lines(100, 192))
    const large = await statements(() => t.api.list({ limit: 200 }))
    expect(small.value.rows).toHaveLength(8)
    expect(large.value.rows).toHaveLength(200)
    expect(small.value.rows.filter((r) => r.conflict).map((r) => r.ref)).toEqual(['T-000001'])
    expect(large.value.rows.filter((r) => r.conflict).map((r) => r.ref)).toEqual(['T-000001'])
    expect(large.count).toBe(small.count)
  })

  it('bulk validation decides by batches of many requests in one transaction each, one savepoint per request', async () => {
    await t.api.import(
      ...Array.from({ length: 250 }, (_, k) =>
        requestLine(1 + k, 'responsable.update', { profession: `Métier ${k}` }),
      ),
      requestLine(300, 'conjoint.update', { mobile: '0611223344' }),
    )
    const ids = (await t.api.list({ limit: 300 })).rows.map((r) => r.id)
    const bulk = await statements(() =>
      t.backend.call<BulkSummary>('requests/bulkValidate', { ids }, t.admin),
    )
    // 250 replaced one another (the same field, newer each time): the newest is applied.
    expect(bulk.value.applied).toHaveLength(1)
    expect(bulk.value.skipped.find((s) => s.ref === 'T-000300')?.reason).toBe(
      'Nom : obligatoire pour créer le conjoint',
    )
    expect(bulk.begins).toBeLessThanOrEqual(3)
  })

  it('an import replacing 600 requests marks them in a few statements, each pointing at its newer one (issue 12)', async () => {
    // Alternately the e-mail and the mobile, a minute apart: each request is replaced by the next but one,
    // the last two stay pending. 602 lines, 600 replacements: two UPDATE … FROM (VALUES …) of 500 at most.
    const n = 602
    const field = (k: number) => (k % 2 === 0 ? 'email' : 'mobile')
    const lines = Array.from({ length: n }, (_, k) =>
      requestLine(
        1 + k,
        'responsable.update',
        field(k) === 'email' ? { email: `a${k}@ci.com` } : { mobile: `06${String(k).padStart(8, '0')}` },
        {
          submitted_at: new Date(Date.UTC(2017, 6, 3, 8, k)).toISOString().replace('.000Z', '+00:00'),
        },
      ),
    )
    const ctx = await t.api.context()
    const stored = await statements(() =>
      inTransaction(ctx.db, (trx) =>
        storeRequests(trx, ctx, readLines(jsonl(...lines)).entries, { channel: 'portail', enteredBy: null }),
      ),
    )
    expect(stored.value.inserted).toHaveLength(n)
    expect(stored.value.replaced).toBe(n - 2)
    // 13 statements on either engine; one UPDATE per replaced request made it 611.
    expect(stored.count).toBeLessThan(40)
    const found = await t.backend.services.db
      .selectFrom('requests as r')
      .leftJoin('requests as n', 'n.id', 'r.replaced_by')
      .select([
        'r.ref',
        'r.state',
        'n.ref as newer',
        'r.version',
        'r.subject',
        'r.decided_at',
        'r.updated_at',
        'r.resolution',
        'r.reply',
      ])
      .orderBy('r.ref')
      .execute()
    const now = ctx.clock.now().toISOString()
    expect(found.map((r) => [r.ref, r.state, r.newer, r.version])).toEqual(
      lines.map((line, k) =>
        k < n - 2 ? [line.ref, 'replaced', lines[k + 2].ref, 2] : [line.ref, 'pending', null, 1],
      ),
    )
    for (const [k, r] of found.entries()) {
      if (k >= n - 2) continue
      expect([r.decided_at, r.updated_at]).toEqual([now, now])
      expect(r.resolution).toBe(
        `Remplacée par la demande ${lines[k + 2].ref}, plus récente et portant sur les mêmes informations.`,
      )
      expect(r.reply).toBe(
        `Votre demande du 03/07/2017 (Modification du responsable) a été remplacée par votre demande plus récente du 03/07/2017 (${lines[k + 2].ref}), qui sera traitée à sa place.`,
      )
    }
    // Nothing left to replace: a second pass changes no row.
    expect(
      await inTransaction(ctx.db, (trx) =>
        applyReplacements(
          trx,
          ctx,
          found.map((r) => r.subject),
        ),
      ),
    ).toBe(0)
  })
})

describe('requests typed by staff (paper, phone)', () => {
  it('enter the same queue with their channel, a generated ref and who typed them', async () => {
    const agent = await signedInAs(t.backend, t.admin, 'agent')
    const first = await t.backend.call<{ id: number; ref: string }>(
      'requests/create',
      {
        channel: 'téléphone',
        family: '383304832264',
        kind: 'responsable.update',
        payload: { mobile: '06 11 22 33 44' },
        comment: 'Appel de M. TEST',
      },
      agent,
    )
    const second = await t.backend.call<{ id: number; ref: string }>(
      'requests/create',
      {
        channel: 'papier',
        family: '383304832264',
        child: '383306398666',
        kind: 'authorized_person.add',
        payload: { nom: 'DUPONT', lien_de_parente: 'oncle' },
        receivedOn: '2026-11-20',
      },
      agent,
    )
    expect(first.ref).toBe('M-20261127-000001')
    expect(second.ref).toBe('M-20261127-000002')
    const review = await t.api.get(second.id)
    expect(review).toMatchObject({
      channel: 'papier',
      enteredBy: 'Compte agent',
      submittedAt: '2026-11-20T00:00:00+01:00',
      daysWaiting: 7,
      needsReview: true,
    })
    expect((await t.api.get(first.id)).comment).toBe('Appel de M. TEST')
  })

  it('keep the time staff typed, and say when only the day is known (issue 10, point 11)', async () => {
    const create = (extra: Record<string, unknown>) =>
      t.backend.call<{ id: number; ref: string }>(
        'requests/create',
        {
          channel: 'papier',
          family: '383304832264',
          kind: 'fiscal.update',
          payload: { nombre_de_parts: 2 },
          ...extra,
        },
        t.admin,
      )
    const dayOnly = await t.api.get((await create({ receivedOn: '2026-11-20' })).id)
    expect(dayOnly).toMatchObject({ submittedAt: '2026-11-20T00:00:00+01:00', submittedTimeKnown: false })
    const today = await t.api.get((await create({})).id)
    expect(today).toMatchObject({ submittedAt: '2026-11-27T00:00:00+01:00', submittedTimeKnown: false })
    const timed = await t.api.get((await create({ receivedOn: '2026-11-20', receivedTime: '14:35' })).id)
    expect(timed).toMatchObject({ submittedAt: '2026-11-20T14:35:00+01:00', submittedTimeKnown: true })
    await t.api.import(SEED_EMAIL)
    const known = new Map((await t.api.list({})).rows.map((r) => [r.ref, r.submittedTimeKnown]))
    expect([SEED_EMAIL.ref, dayOnly.ref, timed.ref, today.ref].map((ref) => known.get(ref))).toEqual([
      true,
      false,
      true,
      false,
    ])
    const bad = await t.backend.dispatch(
      'requests/create',
      {
        channel: 'papier',
        family: '',
        kind: 'fiscal.update',
        payload: { nombre_de_parts: 2 },
        receivedTime: '25:00',
      },
      t.admin,
    )
    expect(bad.ok ? null : bad.error.fields?.map((f) => [f.path, f.message])).toEqual([
      ['family', 'N° famille : obligatoire'],
      ['receivedTime', 'Reçue à : heure attendue (hh:mm, par exemple 09:30)'],
    ])
  })

  it('are checked like the portal’s, each problem under its field', async () => {
    const bad = await t.backend.dispatch(
      'requests/create',
      {
        channel: 'papier',
        family: '383304832264',
        kind: 'responsable.update',
        payload: { email: 'x', mobile: '12' },
      },
      t.admin,
    )
    expect(bad.ok ? null : bad.error.fields?.map((f) => [f.path, f.message])).toEqual([
      ['payload.mobile', 'Mobile : numéro invalide (10 chiffres commençant par 0, ou +33…)'],
      ['payload.email', 'Email : adresse e-mail invalide'],
    ])
    const noChild = await t.backend.dispatch(
      'requests/create',
      {
        channel: 'papier',
        family: '383304832264',
        kind: 'health.add',
        payload: { type: 'maladie', libelle: 'Asthme' },
      },
      t.admin,
    )
    expect(noChild.ok ? null : noChild.error.message).toBe(
      'Identifiant enfant : obligatoire pour une demande « Ajout d’une donnée de santé »',
    )
    const unknownFamily = await t.backend.dispatch(
      'requests/create',
      { channel: 'papier', family: '1', kind: 'fiscal.update', payload: { nombre_de_parts: 2 } },
      t.admin,
    )
    expect(unknownFamily.ok ? null : unknownFamily.error.message).toBe(
      'N° famille : famille n° 1 introuvable',
    )
  })
})

describe('bulk validation', () => {
  it('applies the plain ones and skips conflicts, flags, agenda and what no longer applies, saying why', async () => {
    await t.api.import(
      requestLine(1, 'responsable.update', { ville: 'MEYLAN' }),
      requestLine(2, 'fiscal.update', { nombre_de_parts: 3 }),
      requestLine(3, 'responsable.update', { mobile: '0611223344' }, { seen: { mobile: '0699999999' } }),
      SEED_PERSON_DELETE,
      requestLine(4, 'reservation.add', { service: 'Repas', dates: ['2017-07-10'] }),
      requestLine(5, 'conjoint.update', { mobile: '0611223344' }),
    )
    const ids = (await t.api.list()).rows.map((r) => r.id)
    const summary = await t.backend.call<BulkSummary>('requests/bulkValidate', { ids }, t.admin)
    expect(summary.applied.map((a) => a.ref)).toEqual(['T-000001', 'T-000002'])
    expect(summary.skipped.map((s) => [s.ref, s.reason])).toEqual([
      ['T-000003', 'conflit : la valeur actuelle diffère de celle que la famille voyait'],
      ['T-000004', expect.stringContaining('réservation ou absence : Service « Repas » inconnu')],
      ['T-000005', 'Nom : obligatoire pour créer le conjoint'],
      [
        'P-20170703-000019',
        'à vérifier par une personne (coordonnées bancaires, personnes autorisées ou santé)',
      ],
    ])
    expect((await t.api.family()).responsable?.values.ville).toBe('MEYLAN')
    expect((await t.api.family()).values.nombre_de_parts).toBe(3)
    expect((await t.api.byRef('T-000005')).state).toBe('pending')
    const again = await t.backend.call<BulkSummary>(
      'requests/bulkValidate',
      { ids: [summary.applied[0].id] },
      t.admin,
    )
    expect(again.skipped[0].reason).toMatch(/^Cette demande a déjà été traitée/)
  })
})

describe('decisions export', () => {
  it('writes one JSON line per decision since a date, with the accepted fields of a partial decision', async () => {
    await t.api.import(
      SEED_EMAIL,
      SEED_VACCINATION,
      requestLine(1, 'responsable.update', { mobile: '0611223344', ville: 'MEYLAN' }),
      requestLine(2, 'responsable.update', { profession: 'Boulanger' }),
    )
    await t.api.decide(SEED_EMAIL.ref, 'all')
    await t.api.decide(SEED_VACCINATION.ref, 'none', { reply: 'Merci de nous transmettre le carnet.' })
    t.backend.clock.advance(86_400_000)
    await t.api.decide('T-000001', ['ville'], { reason: 'numéro incomplet' })
    const all = await t.backend.call<DecisionsExport>(
      'requests/exportDecisions',
      { since: '27/11/2026' },
      t.admin,
    )
    const lines = all.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(all.count).toBe(3)
    expect(all.fileName).toBe('decisions-depuis-2026-11-27.jsonl')
    expect(lines[0]).toEqual({
      ref: 'P-20170703-000017',
      state: 'validée',
      decided_at: '2026-11-27T09:00:00.000Z',
      reply: expect.stringContaining('adressereceptionfact@ci.com'),
    })
    expect(lines[1]).toEqual({
      ref: 'P-20170703-000018',
      state: 'refusée',
      decided_at: '2026-11-27T09:00:00.000Z',
      reply: 'Merci de nous transmettre le carnet.',
    })
    expect(lines[2]).toMatchObject({ ref: 'T-000001', state: 'partiellement validée', accepted: ['ville'] })
    const later = await t.backend.call<DecisionsExport>(
      'requests/exportDecisions',
      { since: '2026-11-28' },
      t.admin,
    )
    expect(later.count).toBe(1)
    const bad = await t.backend.dispatch('requests/exportDecisions', { since: 'hier' }, t.admin)
    expect(bad.ok ? null : bad.error.message).toBe(
      'Depuis : date attendue (jj/mm/aaaa, aaaa-mm-jj ou date et heure ISO 8601)',
    )
  })
})
