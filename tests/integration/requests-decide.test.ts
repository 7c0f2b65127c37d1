import { type RawBuilder, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { auditRows, signedInAs } from '../helpers/families'
import {
  requestLine,
  requestsFixture,
  SEED_EMAIL,
  SEED_PERSON_DELETE,
  SEED_VACCINATION,
} from '../helpers/requests'

const t = requestsFixture()

/** Rows of a query written with kysely's sql tag (SQL both engines run), through ctx.db. */
const all = async (query: RawBuilder<unknown>) => (await query.execute(t.backend.services.db)).rows as never[]
const one = async (query: RawBuilder<unknown>) => (await all(query))[0]

async function refusal(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return (error as { payload: { code: string; message: string } }).payload
  }
  throw new Error('expected a refusal')
}

describe('validating the seed’s e-mail change', () => {
  it('applies it through the guardian service, audit entry naming the request, message and reply', async () => {
    await t.api.import(SEED_EMAIL)
    const review = await t.api.byRef(SEED_EMAIL.ref)
    expect(review.lines).toEqual([
      expect.objectContaining({
        field: 'email',
        label: 'Email',
        current: null,
        seen: null,
        requested: 'adressereceptionfact@ci.com',
        conflict: false,
      }),
    ])
    expect(review.family).toMatchObject({ number: '383304832264', greeting: 'Monsieur TEST TEST' })
    const decided = await t.api.decide(SEED_EMAIL.ref, 'all')
    expect(decided).toMatchObject({ state: 'validated', decidedBy: 'Camille Admin' })
    expect(decided.reply).toContain('Bonjour Monsieur TEST TEST')
    expect(decided.reply).toContain('Email : adressereceptionfact@ci.com')
    expect((await t.api.family()).responsable?.values.email).toBe('adressereceptionfact@ci.com')
    const audit = await auditRows(t.backend, "action = 'guardian.update'")
    expect(audit).toHaveLength(1)
    expect(audit[0].request_id).toBe(review.id)
    expect(JSON.parse(audit[0].changes ?? '[]')).toEqual([
      { field: 'email', label: 'Email', before: null, after: 'adressereceptionfact@ci.com' },
    ])
    expect((await auditRows(t.backend, "action = 'request.decide'"))[0]).toMatchObject({
      request_id: review.id,
    })
    expect(await one(sql`SELECT subject, body FROM messages WHERE request_id = ${review.id}`)).toEqual({
      subject: 'Votre demande du 03/07/2017 : Modification du responsable',
      body: decided.reply,
    })
    expect(
      await all(sql`SELECT outcome, applied_value FROM request_items WHERE request_id = ${review.id}`),
    ).toEqual([{ outcome: 'accepted', applied_value: '"adressereceptionfact@ci.com"' }])
  })

  it('refusing changes nothing in the file and records the reason', async () => {
    await t.api.import(SEED_EMAIL)
    const decided = await t.api.decide(SEED_EMAIL.ref, 'none', { reason: 'adresse inconnue' })
    expect(decided.state).toBe('refused')
    expect(decided.reply).toContain('Email : adresse inconnue')
    expect(decided.resolution).toContain('rien n’a été appliqué')
    expect((await t.api.family()).responsable?.values.email).toBeNull()
    expect(await auditRows(t.backend, "action = 'guardian.update'")).toEqual([])
  })
})

describe('conflicts, partial decisions and corrections', () => {
  it('marks a line whose current value differs from what the family saw', async () => {
    await t.api.import(
      requestLine(
        1,
        'responsable.update',
        { ville: 'Grenoble', mobile: '0611223344' },
        { seen: { ville: 'MEYLAN', mobile: '' } },
      ),
    )
    const review = await t.api.byRef('T-000001')
    expect(review.lines.map((l) => [l.field, l.current, l.seen, l.conflict])).toEqual([
      ['ville', 'BIVIERS', 'MEYLAN', true],
      ['mobile', null, null, false],
    ])
    expect(review.conflict).toBe(true)
    expect((await t.api.list()).rows[0]).toMatchObject({ conflict: true })
  })

  it('a decided request is never in conflict: the file holds what was just applied (issue 10, point 9)', async () => {
    await t.api.import({ ...SEED_EMAIL, seen: { email: '' } })
    const decided = await t.api.decide(SEED_EMAIL.ref, 'all')
    expect(decided.lines.map((l) => [l.current, l.seen, l.conflict])).toEqual([
      ['adressereceptionfact@ci.com', null, false],
    ])
    expect(decided.conflict).toBe(false)
    expect((await t.api.byRef(SEED_EMAIL.ref)).conflict).toBe(false)
    expect((await t.api.list()).rows[0]).toMatchObject({ state: 'validated', conflict: false })
  })

  it('a partial decision applies the accepted fields only, with a corrected value', async () => {
    await t.api.import(
      requestLine(1, 'responsable.update', { email: 'famille.test@ci.con', mobile: '0611223344' }),
    )
    const decided = await t.api.decide('T-000001', ['email'], {
      values: { email: ' Famille.Test@CI.com ' },
      reason: 'numéro déjà utilisé par un autre parent',
    })
    expect(decided.state).toBe('partial')
    expect(decided.lines.map((l) => [l.field, l.outcome, l.applied, l.reason])).toEqual([
      ['mobile', 'refused', null, 'numéro déjà utilisé par un autre parent'],
      ['email', 'accepted', 'famille.test@ci.com', null],
    ])
    const values = (await t.api.family()).responsable?.values
    expect(values).toMatchObject({ email: 'famille.test@ci.com', mobile: null })
    expect(decided.reply).toContain('validée en partie')
    expect(decided.reply).toContain('Mobile : numéro déjà utilisé par un autre parent')
  })

  it('refuses an invalid correction with a French message naming the field, nothing applied', async () => {
    await t.api.import(requestLine(1, 'responsable.update', { email: 'a@ci.com', ville: 'MEYLAN' }))
    const error = await refusal(t.api.decide('T-000001', 'all', { values: { email: 'pas une adresse' } }))
    expect(error).toMatchObject({ code: 'VALIDATION', message: 'Email : adresse e-mail invalide' })
    expect((await t.api.family()).responsable?.values.ville).toBe('BIVIERS')
    expect((await t.api.byRef('T-000001')).state).toBe('pending')
  })

  it('a staff-written reply replaces the template', async () => {
    await t.api.import(SEED_EMAIL)
    const decided = await t.api.decide(SEED_EMAIL.ref, 'all', { reply: 'C’est fait. Bonne journée.' })
    expect(decided.reply).toBe('C’est fait. Bonne journée.')
  })
})

describe('every kind, applied and refused', () => {
  it('conjoint: creates the conjoint when the family has none, then updates it', async () => {
    await t.api.import(
      requestLine(1, 'conjoint.update', { nom: 'MME TEST', prenom: 'TEST', autorisation_sms: 'Oui' }),
      requestLine(2, 'conjoint.update', { mobile: '0699887766' }),
    )
    await t.api.decide('T-000001', 'all')
    await t.api.decide('T-000002', 'all')
    expect((await t.api.family()).conjoint?.values).toMatchObject({
      nom: 'MME TEST',
      autorisation_sms: true,
      mobile: '0699887766',
    })
  })

  it('CAF, quotient (with its history), fiscal and bank', async () => {
    await t.api.import(
      requestLine(1, 'caf.update', {
        organisme: 'CAF',
        n_allocataire: '1234567',
        qf: '650',
        qf_du: '01/01/2017',
      }),
      requestLine(2, 'fiscal.update', { revenu_fiscal_de_reference: '32 000', nombre_de_parts: '2,5' }),
      requestLine(3, 'bank.update', { iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'agrifrpp' }),
    )
    for (const ref of ['T-000001', 'T-000002', 'T-000003']) await t.api.decide(ref, 'all')
    const family = await t.api.family()
    expect(family.values).toMatchObject({
      organisme: 'CAF',
      n_allocataire: '1234567',
      revenu_fiscal_de_reference: 32000,
      nombre_de_parts: 2.5,
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
    })
    expect(family.quotients).toEqual([
      expect.objectContaining({ qf: 650, validFrom: '2017-01-01', validTo: null }),
    ])
    expect((await auditRows(t.backend, "action = 'family.quotient'"))[0].request_id).not.toBeNull()
  })

  it('a QF without its start date starts on the day of the request', async () => {
    await t.api.import(requestLine(1, 'caf.update', { qf: 700 }))
    await t.api.decide('T-000001', 'all')
    expect((await t.api.family()).quotients[0]).toMatchObject({ qf: 700, validFrom: '2017-07-03' })
  })

  it('authorised persons: add, change the phones, delete (the seed’s VOISNE TEST)', async () => {
    await t.api.import(
      requestLine(1, 'authorized_person.add', {
        nom: 'DUPONT',
        prenom: 'Marie',
        lien_de_parente: 'Tante',
        mobile: '07 81 23 45 67',
      }),
      requestLine(
        2,
        'authorized_person.update',
        { nom: 'PLRI', prenom: 'TEST', mobile: '0781234568' },
        {
          seen: { mobile: '' },
        },
      ),
      SEED_PERSON_DELETE,
    )
    for (const ref of ['T-000001', 'T-000002', SEED_PERSON_DELETE.ref]) await t.api.decide(ref, 'all')
    const persons = (await t.api.child()).authorizedPersons.map((p) => [p.values.nom, p.values.mobile])
    expect(persons).toEqual([
      ['DUPONT', '0781234567'],
      ['PLRI', '0781234568'],
    ])
    expect(
      (await auditRows(t.backend, "entity_type = 'authorized_person' AND request_id IS NOT NULL")).map(
        (r) => r.action,
      ),
    ).toEqual(['authorized_person.create', 'authorized_person.update', 'authorized_person.delete'])
  })

  it('the deletion review shows the record as it is now; refusing keeps the person', async () => {
    await t.api.import(SEED_PERSON_DELETE)
    const review = await t.api.byRef(SEED_PERSON_DELETE.ref)
    expect(review.recordNow?.find((l) => l.field === 'telephone')?.value).toBe('0612345678')
    await t.api.decide(SEED_PERSON_DELETE.ref, 'none', {
      reason: 'personne encore autorisée par le jugement',
    })
    expect((await t.api.child()).authorizedPersons).toHaveLength(2)
  })

  it('warns before deleting the last person allowed to pick the child up (issue 10, point 11)', async () => {
    await t.api.import(SEED_PERSON_DELETE)
    expect((await t.api.byRef(SEED_PERSON_DELETE.ref)).warning).toBeNull()
    const child = await t.api.child()
    const plri = child.authorizedPersons.find((p) => p.values.nom === 'PLRI')!
    await t.backend.call(
      'authorizedPersons/update',
      {
        id: plri.id,
        version: plri.version,
        patch: { peut_recuperer_l_enfant: false, interdit_de_recuperer: true },
      },
      t.admin,
    )
    expect((await t.api.byRef(SEED_PERSON_DELETE.ref)).warning).toBe(
      'VOISNE TEST est la dernière personne autorisée à venir chercher l’enfant : après la suppression, personne ne pourra le faire et le dossier sera incomplet.',
    )
    const decided = await t.api.decide(SEED_PERSON_DELETE.ref, 'all')
    expect(decided.warning).toBeNull()
  })

  it('a deletion is validated or refused whole', async () => {
    await t.api.import(SEED_PERSON_DELETE)
    const error = await refusal(t.api.decide(SEED_PERSON_DELETE.ref, ['nom']))
    expect(error.message).toBe('Une suppression se valide ou se refuse en entier.')
  })

  it('vaccination (the seed’s Pentacoq) and health conditions: add, update, delete', async () => {
    await t.api.import(
      SEED_VACCINATION,
      requestLine(1, 'health.add', { type: 'Allergie', libelle: 'Arachide', allergene: 'Arachides' }),
      requestLine(2, 'health.update', { type: 'allergie', libelle: 'arachide', details: 'Stylo adrénaline' }),
    )
    await t.api.decide(SEED_VACCINATION.ref, 'all')
    await t.api.decide('T-000001', 'all')
    await t.api.decide('T-000002', 'all')
    let health = (await t.api.child()).health
    expect(health?.vaccinations.map((v) => v.values)).toEqual([
      expect.objectContaining({ vaccin: 'Pentacoq', date: '2014-06-12', date_rappel: '2017-07-01' }),
    ])
    expect(health?.conditions.map((c) => c.values)).toEqual([
      expect.objectContaining({
        type: 'allergie',
        libelle: 'Arachide',
        allergene: 'peanuts',
        details: 'Stylo adrénaline',
      }),
    ])
    await t.api.import(requestLine(3, 'health.delete', { type: 'Allergie', libelle: 'ARACHIDE' }))
    await t.api.decide('T-000003', 'all')
    health = (await t.api.child()).health
    expect(health?.conditions).toEqual([])
  })

  it('refusing the vaccination with a reply adds nothing', async () => {
    await t.api.import(SEED_VACCINATION)
    const decided = await t.api.decide(SEED_VACCINATION.ref, 'none', {
      reply: 'Merci de nous transmettre une copie du carnet de vaccination.',
    })
    expect(decided.state).toBe('refused')
    expect((await t.api.child()).health?.vaccinations).toEqual([])
  })

  it('health kinds need the role allowed to see health data, to read as to decide', async () => {
    await t.api.import(SEED_VACCINATION)
    const agent = await signedInAs(t.backend, t.admin, 'agent')
    const id = (await t.api.byRef(SEED_VACCINATION.ref)).id
    const read = await t.backend.dispatch('requests/get', { id }, agent)
    expect(read.ok ? null : read.error.code).toBe('FORBIDDEN')
    const decide = await t.backend.dispatch(
      'requests/decide',
      { id, version: 1, outcomes: [{ field: 'vaccin', accept: false }] },
      agent,
    )
    expect(decide.ok ? null : decide.error.code).toBe('FORBIDDEN')
    expect(
      await auditRows(t.backend, "action = 'child.health.view' AND request_id IS NOT NULL"),
    ).toHaveLength(1)
  })

  it('agenda kinds naming an unknown service are listed, flagged and refused date by date', async () => {
    await t.api.import(requestLine(1, 'reservation.add', { service: 'Repas', dates: ['2017-07-04'] }))
    expect((await t.api.list()).rows[0]).toMatchObject({
      kindLabel: 'Demande de réservation',
      state: 'pending',
    })
    const review = await t.api.byRef('T-000001')
    expect(review.blocked).toContain('Service « Repas » inconnu')
    const error = await refusal(t.api.decide('T-000001', 'all'))
    expect(error.message).toContain('Service « Repas » inconnu')
    const refused = await t.api.decide('T-000001', 'none')
    expect(refused.state).toBe('refused')
    expect(refused.resolution).toContain('rien n’a été appliqué')
    expect(refused.reply).toContain('Dates non retenues :\n- 04/07/2017')
  })

  it('absence.declare can be closed with a reply', async () => {
    await t.api.import(
      requestLine(1, 'absence.declare', { service: 'Repas', dates: ['2017-07-04'], motif: 'Malade' }),
    )
    const closed = await t.api.decide('T-000001', 'none', { action: 'close' })
    expect(closed.state).toBe('closed')
    expect(closed.resolution).toContain('Classée sans suite')
  })
})

describe('requests that no longer apply', () => {
  it('the person to delete is already gone: said in the review, only refuse or close allowed', async () => {
    await t.api.import(SEED_PERSON_DELETE)
    const person = (await t.api.child()).authorizedPersons.find((p) => p.values.nom === 'VOISNE')!
    await t.backend.call('authorizedPersons/delete', { id: person.id, version: person.version }, t.admin)
    const review = await t.api.byRef(SEED_PERSON_DELETE.ref)
    expect(review.notApplicable).toBe(
      'VOISNE TEST ne figure plus parmi les personnes autorisées de l’enfant.',
    )
    expect((await t.api.list()).rows[0].notApplicable).toBe(review.notApplicable)
    const error = await refusal(t.api.decide(SEED_PERSON_DELETE.ref, 'all'))
    expect(error).toMatchObject({ code: 'CONFLICT' })
    expect(error.message).toContain('ne s’applique plus')
    const closed = await t.api.decide(SEED_PERSON_DELETE.ref, 'none', { action: 'close' })
    expect(closed.state).toBe('closed')
    expect(closed.reply).toContain('Elle ne s’applique plus : VOISNE TEST ne figure plus')
  })

  it('a vaccination already recorded, a condition missing, a person already there', async () => {
    await t.api.import(
      SEED_VACCINATION,
      requestLine(1, 'health.update', { type: 'maladie', libelle: 'Asthme', details: 'Ventoline' }),
      requestLine(2, 'authorized_person.add', { nom: 'plri', prenom: 'test', lien_de_parente: 'Grand-père' }),
    )
    const child = await t.api.child()
    await t.backend.call(
      'vaccinations/add',
      { childId: child.id, values: { vaccin: 'PENTACOQ', date: '2014-06-12' } },
      t.admin,
    )
    expect((await t.api.byRef(SEED_VACCINATION.ref)).notApplicable).toContain('déjà enregistrée')
    expect((await t.api.byRef('T-000001')).notApplicable).toBe(
      '« Asthme » ne figure plus dans les données de santé de l’enfant.',
    )
    expect((await t.api.byRef('T-000002')).notApplicable).toContain(
      'figure déjà parmi les personnes autorisées',
    )
  })
})

describe('two staff deciding the same request at the same moment', () => {
  it('the second gets a clear message and nothing is applied twice', async () => {
    await t.api.import(requestLine(1, 'authorized_person.add', { nom: 'DUPONT', lien_de_parente: 'oncle' }))
    const responsable = await signedInAs(t.backend, t.admin, 'responsable')
    const review = await t.api.byRef('T-000001')
    const input = {
      id: review.id,
      version: review.version,
      outcomes: review.lines.map((l) => ({ field: l.field, accept: true })),
    }
    const [first, second] = await Promise.all([
      t.backend.dispatch('requests/decide', input, t.admin),
      t.backend.dispatch('requests/decide', input, responsable),
    ])
    // Exactly one applies it: on the file the first to ask (its write lock), on a server the first to commit.
    expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1)
    const winner = first.ok ? 'Camille Admin' : 'Compte responsable'
    const refused = first.ok ? second : first
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'CONFLICT' })
    expect(refused.ok ? '' : refused.error.message).toMatch(
      new RegExp(
        `^Cette demande a déjà été traitée \\(validée par ${winner} le \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}\\) : votre décision n’a pas été enregistrée et rien n’a été appliqué une seconde fois\\.$`,
      ),
    )
    expect((await t.api.child()).authorizedPersons.filter((p) => p.values.nom === 'DUPONT')).toHaveLength(1)
    expect(await all(sql`SELECT id FROM messages`)).toHaveLength(1)
    expect(await auditRows(t.backend, "action = 'request.decide'")).toHaveLength(1)
  })
})
