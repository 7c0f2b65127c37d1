import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { generateDemo } from '../../src-main/backend/demo/generate'
import { setSetting } from '../../src-main/backend/settings/service'
import type {
  LettersFile,
  MessagePage,
  MessagesExport,
  MessageTemplate,
  RecipientsPreview,
  SendResult,
} from '../../src-shared/contract/messages'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { runCliOn } from '../helpers/cli'
import { signedInAs } from '../helpers/families'
import { onPostgres } from '../helpers/pg-backend'

// Messages to families on a real demo database (issue 13, points 1, 2 and 7):
// recipients by criteria compared with the database itself, templates
// filled in, one transaction per send audited per family, the portal's
// export idempotent with its exact shape, letters read back with pdftotext,
// the PAI criterion kept to the health roles.

const actor = { staffId: null, login: 'demo', displayName: 'Démo', role: 'administrateur' as const }
let backend: TestBackend
let admin: Session
let agent: Session
let responsable: Session
let templates: MessageTemplate[]
const DAY = '2026-12-03'

// Read through the storage layer's kysely, so that the file runs on either
// engine (MARELLE_TEST_DB=postgres: scripts/pg-suite.mjs); ? for parameters.
async function all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  let n = 0
  const compiled = onPostgres ? sql.replace(/\?/g, () => `$${++n}`) : sql
  return (await backend.services.db.executeQuery<T>(CompiledQuery.raw(compiled, params))).rows
}
const one = async <T>(sql: string, ...params: unknown[]) =>
  Object.values((await all<Record<string, unknown>>(sql, ...params))[0] ?? {})[0] as T
const template = (code: string) => templates.find((t) => t.code === code) as MessageTemplate

function enrolledChildren(where: string, param: unknown): Promise<{ family_id: number; child_id: number }[]> {
  return all(
    `SELECT DISTINCT c.family_id, c.id AS child_id FROM children c
     JOIN enrolments e ON e.child_id = c.id JOIN services s ON s.id = e.service_id
     WHERE ${where} AND e.state = 'validee' AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?)
       AND (c.left_on IS NULL OR c.left_on > ?)`,
    param,
    DAY,
    DAY,
    DAY,
  )
}

beforeAll(async () => {
  backend = createTestBackend()
  backend.clock.current = new Date('2026-12-01T08:00:00.000Z')
  await generateDemo(backend.context(actor), { families: 50, seed: 'messages' })
  await inTransaction(backend.services.db, async (trx) => {
    await setSetting(trx, actor, backend.clock, 'commune.name', 'Biviers')
    await setSetting(trx, actor, backend.clock, 'commune.address', 'Mairie de Biviers\n38330 Biviers')
  })
  admin = await signedInAdmin(backend)
  agent = await signedInAs(backend, admin, 'agent')
  responsable = await signedInAs(backend, admin, 'responsable')
  templates = await backend.call('messages/templates', {}, agent)
}, 600_000)
afterAll(async () => backend.dispose())

describe('templates and recipients', () => {
  it('ship the three default templates with their fields', async () => {
    expect(templates.map((t) => t.title).sort()).toEqual([
      'Dossier incomplet',
      'Information du service',
      'PAI à renouveler',
    ])
    expect(template('dossier-incomplet').body).toContain('{{enfant.prenom}}')
    expect(template('pai-a-renouveler').healthData).toBe(true)
  })

  it('a service at a date: one message per enrolled child when the template names the child, filled in', async () => {
    const service = await one<number>("SELECT id FROM services WHERE code = 'BIV-REPAS'")
    const expected = await enrolledChildren('e.service_id = ?', service)
    expect(expected.length).toBeGreaterThan(5)
    const t = template('dossier-incomplet')
    const preview = await backend.call<RecipientsPreview>(
      'messages/preview',
      { target: { kind: 'service', serviceId: service, date: DAY }, subject: t.subject, body: t.body },
      agent,
    )
    expect(preview.perChild).toBe(true)
    expect(preview.count).toBe(expected.length)
    expect(preview.families).toBe(new Set(expected.map((e) => e.family_id)).size)
    expect(preview.recipients.map((r) => r.childId).sort()).toEqual(expected.map((e) => e.child_id).sort())
    const first = preview.recipients[0]
    const child = (
      await all<{ first_name: string; last_name: string }>(
        'SELECT first_name, last_name FROM children WHERE id = ?',
        first.childId,
      )
    )[0]
    const guardian = (
      await all<{ last_name: string }>(
        "SELECT last_name FROM guardians WHERE family_id = ? AND role = 'responsable'",
        first.familyId,
      )
    )[0]
    expect(preview.sample?.subject).toBe(`Le dossier de ${child.first_name} est incomplet`)
    expect(preview.sample?.body).toContain(`${child.first_name} ${child.last_name}`)
    expect(preview.sample?.body).toContain(guardian.last_name)
    expect(preview.sample?.body).toContain('service enfance jeunesse de Biviers')
    expect(preview.sample?.body).not.toMatch(/\{\{|\}\}/)
    // Nothing is written by a preview.
    expect(await one<number>('SELECT count(*) FROM messages WHERE batch_id IS NOT NULL')).toBe(0)
  })

  it('a structure without child fields: one message per family, letters for families without e-mail nor portal request', async () => {
    const structure = await one<number>(
      "SELECT id FROM structures WHERE name = 'Ecoles de Biviers - Périscolaire'",
    )
    const families = new Set(
      (await enrolledChildren('s.structure_id = ?', structure)).map((e) => e.family_id),
    )
    const preview = await backend.call<RecipientsPreview>(
      'messages/preview',
      {
        target: { kind: 'structure', structureId: structure, date: DAY },
        subject: 'Information',
        body: '{{responsable.appel}}, le service de {{commune.nom}} sera fermé le 24/12.',
      },
      agent,
    )
    expect(preview.perChild).toBe(false)
    expect(preview.count).toBe(families.size)
    const withoutEmail = (
      await all<{ id: number }>(
        `SELECT f.id FROM families f WHERE NOT EXISTS (SELECT 1 FROM guardians g WHERE g.family_id = f.id
         AND coalesce(g.email, '') <> '')
         AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.family_id = f.id AND r.channel = 'portail')`,
      )
    ).filter((f) => families.has(f.id)).length
    expect(preview.letters).toBe(withoutEmail)
    for (const r of preview.recipients)
      expect(r.channel).toBe(r.channel === 'courrier' ? 'courrier' : 'portail')
  })

  it('incomplete files: the families of the completeness list', async () => {
    const listed = await backend.call<{ rows: { familyId: number }[]; total: number }>(
      'completeness/list',
      { state: 'incomplete', limit: 500 },
      admin,
    )
    const preview = await backend.call<RecipientsPreview>(
      'messages/preview',
      { target: { kind: 'incomplete' }, subject: 'Dossier', body: '{{responsable.appel}}, merci.' },
      agent,
    )
    expect(preview.count).toBeGreaterThan(0)
    expect(new Set(preview.recipients.map((r) => r.familyId))).toEqual(
      new Set(listed.rows.map((r) => r.familyId)),
    )
  })

  it('refuses an unknown field, naming it', async () => {
    await expect(
      backend.call(
        'messages/preview',
        { target: { kind: 'incomplete' }, subject: 'Dossier', body: 'Bonjour {{famille.adresse}}' },
        agent,
      ),
    ).rejects.toThrow(/Texte : champ inconnu \{\{famille\.adresse\}\}/)
  })
})

describe('the PAI criterion is health data', () => {
  const pai = { target: { kind: 'pai', before: '2031-01-01' } }

  it('is refused to an agent, and writes nothing', async () => {
    const t = template('pai-a-renouveler')
    await expect(
      backend.call('messages/preview', { ...pai, subject: t.subject, body: t.body }, agent),
    ).rejects.toThrow(/données de santé/)
    await expect(
      backend.call('messages/send', { ...pai, subject: t.subject, body: t.body }, agent),
    ).rejects.toThrow(/données de santé/)
  })

  it('is traced for a health role, per child whose PAI it looked at', async () => {
    const expected = await all<{ id: number }>(
      "SELECT id FROM children WHERE pai = 1 AND pai_valid_until < '2031-01-01' AND (left_on IS NULL OR left_on > '2026-12-01')",
    )
    expect(expected.length).toBeGreaterThan(0)
    const before = await one<number>('SELECT max(id) FROM audit_log')
    const t = template('pai-a-renouveler')
    const preview = await backend.call<RecipientsPreview>(
      'messages/preview',
      { ...pai, subject: t.subject, body: t.body, templateId: t.id },
      responsable,
    )
    expect(preview.count).toBe(expected.length)
    const traced = (
      await all<{ child_id: number }>(
        "SELECT child_id FROM audit_log WHERE id > ? AND action = 'child.health.view'",
        before,
      )
    ).map((r) => r.child_id)
    expect(traced.sort()).toEqual(expected.map((e) => e.id).sort())
    const sent = await backend.call<SendResult>(
      'messages/send',
      { ...pai, subject: t.subject, body: t.body, templateId: t.id },
      responsable,
    )
    // The agent's list does not show what these messages say.
    const seen = await backend.call<MessagePage>('messages/list', { batchId: sent.batchId }, agent)
    expect(seen.rows.length).toBe(expected.length)
    expect(seen.rows.every((r) => r.healthData && r.subject === null && r.body === null)).toBe(true)
    const shown = await backend.call<MessagePage>('messages/list', { batchId: sent.batchId }, responsable)
    expect(shown.rows.every((r) => r.subject?.startsWith('Projet d’accueil individualisé de'))).toBe(true)
  })
})

describe('a send, the portal export and the letters', () => {
  let sent: SendResult
  let service: number

  beforeAll(async () => {
    service = await one<number>("SELECT id FROM services WHERE code = 'BIV-SOIR'")
    backend.clock.current = new Date('2026-12-02T09:00:00.000Z')
    sent = await backend.call<SendResult>(
      'messages/send',
      {
        target: { kind: 'service', serviceId: service, date: DAY },
        subject: 'Accueil du soir',
        body: '{{responsable.appel}},\nL’accueil du soir ferme à 18 h le 19/12.\nLe service de {{commune.nom}}',
      },
      agent,
    )
  })

  it('writes one message per family in one send, each audited on its family', async () => {
    const families = new Set((await enrolledChildren('e.service_id = ?', service)).map((e) => e.family_id))
    expect(sent.count).toBe(families.size)
    const rows = await all<{ family_id: number; state: string; public_id: string }>(
      'SELECT family_id, state, public_id FROM messages WHERE batch_id = ?',
      sent.batchId,
    )
    expect(new Set(rows.map((r) => r.family_id))).toEqual(families)
    expect(rows.every((r) => r.state === 'a_envoyer' && /^[0-9a-f-]{36}$/.test(r.public_id))).toBe(true)
    const audited = await all<{ family_id: number }>(
      `SELECT a.family_id FROM audit_log a JOIN messages m ON m.id = a.entity_id
       WHERE a.action = 'message.create' AND m.batch_id = ?`,
      sent.batchId,
    )
    expect(new Set(audited.map((a) => a.family_id))).toEqual(families)
    expect(audited.length).toBe(families.size)
  })

  it('exports the portal messages as JSON Lines: same ids twice, exact shape, then « transmis »', async () => {
    backend.clock.current = new Date('2026-12-02T10:00:00.000Z')
    const first = await backend.call<MessagesExport>('messages/export', { since: '2026-12-02' }, admin)
    const again = await backend.call<MessagesExport>('messages/export', { since: '2026-12-02' }, admin)
    const lines = first.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    const portal = sent.count - sent.letters
    expect(first.count).toBe(portal)
    expect(again.text).toBe(first.text)
    const expected = await all<{
      public_id: string
      number: string
      created_at: string
      subject: string
      body: string
    }>(
      `SELECT m.public_id, f.number, m.created_at, m.subject, m.body FROM messages m JOIN families f ON f.id = m.family_id
       WHERE m.batch_id = ? AND m.channel = 'portail' ORDER BY m.created_at, m.id`,
      sent.batchId,
    )
    for (const [i, line] of lines.entries()) {
      expect(Object.keys(line)).toEqual([
        'id',
        'family',
        'created_at',
        'subject',
        'body',
        'notify_email',
        'notify_sms',
      ])
      expect(line).toMatchObject({
        id: expected[i].public_id,
        family: expected[i].number,
        created_at: expected[i].created_at,
        subject: 'Accueil du soir',
        body: expected[i].body,
      })
    }
    // Consents honoured: an address only where a guardian agreed to e-mail.
    for (const line of lines) {
      const consented = (
        await all<{ email: string }>(
          `SELECT g.email FROM guardians g JOIN families f ON f.id = g.family_id
         WHERE f.number = ? AND g.consent_email = 1 AND coalesce(g.email, '') <> ''`,
          line.family,
        )
      ).map((g) => g.email)
      if (line.notify_email === null) expect(consented).toEqual([])
      else expect(consented).toContain(line.notify_email)
    }
    const states = await all<{ state: string; channel: string }>(
      'SELECT DISTINCT state, channel FROM messages WHERE batch_id = ? ORDER BY channel',
      sent.batchId,
    )
    expect(states).toEqual([
      ...(sent.letters > 0 ? [{ state: 'a_envoyer', channel: 'courrier' }] : []),
      { state: 'transmis', channel: 'portail' },
    ])
    const later = await backend.call<MessagesExport>('messages/export', { since: '2026-12-03' }, admin)
    expect(later.count).toBe(0)
  })

  it('answers to requests are in the same list and in the export, with request_ref', async () => {
    const ref = await one<string>("SELECT ref FROM requests WHERE state = 'pending' ORDER BY id LIMIT 1")
    const family = await one<number>('SELECT family_id FROM requests WHERE ref = ?', ref)
    // The command line decides on its own connection, as an administrator would.
    const decided = await runCliOn(
      backend,
      'requests',
      'decide',
      ref,
      '--refuse',
      '--reply',
      'Pièce manquante.',
    )
    expect(decided.code).toBe(0)
    const page = await backend.call<MessagePage>('messages/list', { familyId: family }, agent)
    const reply = page.rows.find((r) => r.requestRef === ref)
    expect(reply).toMatchObject({ body: 'Pièce manquante.', state: 'a_envoyer', channel: 'portail' })
    const out = join(backend.dir, 'm.jsonl')
    const exported = await runCliOn(backend, 'messages', 'export', '--since', '2017-01-01', '--out', out)
    expect(exported.code).toBe(0)
    const line = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.request_ref === ref)
    expect(line).toMatchObject({ id: reply?.publicId, request_ref: ref, body: 'Pièce manquante.' })
  })

  it('prints the letters of the send in one PDF, addresses as NF Z10-011 lays them out', async () => {
    expect(sent.letters).toBeGreaterThan(0)
    const file = await backend.call<LettersFile>('messages/letters', { batchId: sent.batchId }, agent)
    expect(file.count).toBe(sent.letters)
    const path = join(backend.dir, 'courriers.pdf')
    writeFileSync(path, Buffer.from(file.base64 ?? '', 'base64'))
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
    const pages = text.split('\f').filter((p) => p.trim() !== '')
    expect(pages.length).toBe(sent.letters)
    const letters = await all<{
      civility: string | null
      first_name: string
      last_name: string
      address_line1: string | null
      postal_code: string | null
      city: string | null
    }>(
      `SELECT g.civility, g.first_name, g.last_name, g.address_line1, g.postal_code, g.city
       FROM messages m JOIN families f ON f.id = m.family_id
       JOIN guardians g ON g.family_id = m.family_id AND g.role = 'responsable'
       WHERE m.batch_id = ? AND m.channel = 'courrier' ORDER BY f.number, m.id`,
      sent.batchId,
    )
    for (const [i, g] of letters.entries()) {
      const page = pages[i]
      expect(page).toContain('Mairie de Biviers')
      expect(page).toContain('Objet : Accueil du soir')
      const name = page.indexOf(g.last_name.toUpperCase())
      expect(name).toBeGreaterThan(page.indexOf('Mairie de Biviers'))
      if (g.address_line1) expect(page.indexOf(g.address_line1)).toBeGreaterThan(name)
      // Capitals without accents nor punctuation (docs/messages.md).
      const town = `${g.postal_code} ${(g.city ?? '')
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, ' ')
        .trim()}`
      expect(page.indexOf(town)).toBeGreaterThan(name)
      for (const line of page.split('\n').slice(0, 12)) expect(line.trim().length).toBeLessThanOrEqual(60)
    }
    const states = await all<{ state: string }>(
      "SELECT DISTINCT state FROM messages WHERE batch_id = ? AND channel = 'courrier'",
      sent.batchId,
    )
    expect(states).toEqual([{ state: 'imprime' }])
  })
})
