import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import { generateDemo } from '../../src-main/backend/demo/generate'
import type {
  MessagePage,
  MessageRow,
  MessageTemplate,
  RecipientsPreview,
  SendResult,
} from '../../src-shared/contract/messages'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { signedInAs } from '../helpers/families'
import { onPostgres } from '../helpers/pg-backend'

// The rules around a send (docs/messages.md): drafts and their versions,
// templates kept to responsables, archived families left out by default,
// health messages kept from the agent's export and letters, incomplete
// postal addresses said before printing.

const actor = { staffId: null, login: 'demo', displayName: 'Démo', role: 'administrateur' as const }
let backend: TestBackend
let admin: Session
let agent: Session
let responsable: Session

// Read and write through the storage layer's kysely, so that the file runs
// on either engine (MARELLE_TEST_DB=postgres: scripts/pg-suite.mjs); ? for
// parameters.
async function all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  let n = 0
  const compiled = onPostgres ? sql.replace(/\?/g, () => `$${++n}`) : sql
  return (await backend.services.db.executeQuery<T>(CompiledQuery.raw(compiled, params))).rows
}
const one = async <T>(sql: string, ...params: unknown[]) =>
  Object.values((await all<Record<string, unknown>>(sql, ...params))[0] ?? {})[0] as T
const familyOf = (number: string) => one<number>('SELECT id FROM families WHERE number = ?', number)
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (e: { payload?: { code: string; message: string } }) => e.payload ?? null,
  )

beforeAll(async () => {
  backend = createTestBackend()
  backend.clock.current = new Date('2026-12-01T08:00:00.000Z')
  await generateDemo(backend.context(actor), { families: 20, seed: 'messages-regles' })
  admin = await signedInAdmin(backend)
  agent = await signedInAs(backend, admin, 'agent')
  responsable = await signedInAs(backend, admin, 'responsable')
}, 600_000)
afterAll(async () => backend.dispose())

describe('drafts', () => {
  it('are kept out of the export, changed at their version only, then sent dated of the send', async () => {
    const familyId = await familyOf('383304832264')
    const draft = await backend.call<SendResult>(
      'messages/send',
      {
        target: { kind: 'family', familyId },
        subject: 'Réunion',
        body: '{{responsable.appel}}, réunion le 10/12.',
        draft: true,
      },
      agent,
    )
    expect(draft.state).toBe('brouillon')
    const [row] = (await backend.call<MessagePage>('messages/list', { batchId: draft.batchId }, agent)).rows
    expect(row).toMatchObject({ state: 'brouillon', body: 'Monsieur TEST, réunion le 10/12.', version: 1 })
    const exported = await backend.call<{ text: string }>('messages/export', { since: '2026-11-01' }, admin)
    expect(exported.text).not.toContain(row.publicId)

    const stale = await refusal(
      backend.call('messages/updateDraft', { id: row.id, version: 7, subject: 'Réunion', body: 'x' }, agent),
    )
    expect(stale?.code).toBe('CONFLICT')
    const changed = await backend.call<MessageRow>(
      'messages/updateDraft',
      { id: row.id, version: 1, subject: 'Réunion des familles', body: 'Monsieur TEST, réunion le 11/12.' },
      agent,
    )
    expect(changed).toMatchObject({ version: 2, subject: 'Réunion des familles' })
    const audit = await all<{ action: string; family_id: number }>(
      "SELECT action, family_id FROM audit_log WHERE entity_type = 'message' AND entity_id = ? ORDER BY id",
      row.id,
    )
    expect(audit).toEqual([
      { action: 'message.draft', family_id: familyId },
      { action: 'message.update', family_id: familyId },
    ])

    backend.clock.current = new Date('2026-12-05T10:00:00.000Z')
    await backend.call('messages/sendDrafts', { ids: [row.id] }, agent)
    const sent = await all<{ state: string; created_at: string }>(
      'SELECT state, created_at FROM messages WHERE id = ?',
      row.id,
    )
    expect(sent).toEqual([{ state: 'a_envoyer', created_at: '2026-12-05T10:00:00.000Z' }])
    const again = await refusal(backend.call('messages/sendDrafts', { ids: [row.id] }, agent))
    expect(again?.code).toBe('CONFLICT')
    const deleted = await refusal(backend.call('messages/deleteDraft', { id: row.id, version: 3 }, agent))
    expect(deleted?.code).toBe('CONFLICT')
  })
})

describe('templates', () => {
  it('are changed by responsables only, each change audited, a stale version refused', async () => {
    const input = {
      title: 'Sortie du mercredi',
      subject: 'Sortie',
      body: '{{responsable.appel}}, sortie mercredi.',
    }
    const refused = await refusal(backend.call('messages/saveTemplate', input, agent))
    expect(refused?.code).toBe('FORBIDDEN')
    const created = await backend.call<MessageTemplate>('messages/saveTemplate', input, responsable)
    expect(created).toMatchObject({ code: 'sortie-du-mercredi', version: 1, healthData: false })
    const updated = await backend.call<MessageTemplate>(
      'messages/saveTemplate',
      { ...input, id: created.id, version: 1, subject: 'Sortie au parc' },
      responsable,
    )
    expect(updated.version).toBe(2)
    const stale = await refusal(
      backend.call('messages/saveTemplate', { ...input, id: created.id, version: 1 }, responsable),
    )
    expect(stale?.code).toBe('CONFLICT')
    const badField = await refusal(
      backend.call('messages/saveTemplate', { ...input, body: '{{enfant.age}}' }, responsable),
    )
    expect(badField?.message).toBe(
      'Texte : champ inconnu {{enfant.age}} (champs possibles : voir la liste sous le texte)',
    )
    expect(
      await all(
        'SELECT action FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY id',
        'message_template',
        created.id,
      ),
    ).toEqual([{ action: 'message-template.create' }, { action: 'message-template.update' }])
  })
})

describe('recipients', () => {
  it('leave archived families out unless asked for', async () => {
    const service = await one<number>("SELECT id FROM services WHERE code = 'BIV-REPAS'")
    const day = '2026-11-16'
    const enrolled = await all<{ family_id: number }>(
      `SELECT DISTINCT c.family_id FROM children c JOIN enrolments e ON e.child_id = c.id
       WHERE e.service_id = ? AND e.state = 'validee' AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?)
         AND c.left_on IS NULL ORDER BY c.family_id`,
      service,
      day,
      day,
    )
    expect(enrolled.length).toBeGreaterThan(2)
    const leaving = enrolled[0].family_id
    // Every child of the family left last week: the family is archived.
    await all("UPDATE children SET left_on = '2026-11-25' WHERE family_id = ?", leaving)
    expect(await one('SELECT archived_on FROM families WHERE id = ?', leaving)).toBe('2026-11-25')
    const input = {
      target: { kind: 'service', serviceId: service, date: day },
      subject: 'Repas',
      body: 'Menu.',
    }
    const active = await backend.call<RecipientsPreview>('messages/preview', input, agent)
    expect(active.recipients.map((r) => r.familyId)).not.toContain(leaving)
    expect(active.families).toBe(enrolled.length - 1)
    const withArchived = await backend.call<RecipientsPreview>(
      'messages/preview',
      { ...input, includeArchived: true },
      agent,
    )
    expect(withArchived.recipients.map((r) => r.familyId)).toContain(leaving)
  })

  it('say which letters have an incomplete postal address', async () => {
    const family = await one<number>(
      `SELECT f.id FROM families f WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.family_id = f.id)
       AND f.number <> '383304832264' ORDER BY f.id LIMIT 1`,
    )
    await all(
      'UPDATE guardians SET email = NULL, address_line1 = NULL, locality = NULL WHERE family_id = ?',
      family,
    )
    const preview = await backend.call<RecipientsPreview>(
      'messages/preview',
      { target: { kind: 'family', familyId: family }, subject: 'Courrier', body: 'Texte.' },
      agent,
    )
    expect(preview).toMatchObject({ letters: 1, addressMissing: 1 })
    expect(preview.recipients[0]).toMatchObject({ channel: 'courrier', addressMissing: true })
  })
})

describe('health messages', () => {
  it('cannot be exported nor printed by an agent, and their subject stays out of the audit note', async () => {
    backend.clock.current = new Date('2026-12-06T09:00:00.000Z')
    const paiChild = await all<{ family_id: number }>(
      'SELECT family_id FROM children WHERE pai = 1 AND pai_valid_until IS NOT NULL AND left_on IS NULL LIMIT 1',
    )
    expect(paiChild.length).toBe(1)
    const t = (await backend.call<MessageTemplate[]>('messages/templates', {}, agent)).find(
      (x) => x.code === 'pai-a-renouveler',
    ) as MessageTemplate
    const sent = await backend.call<SendResult>(
      'messages/send',
      { target: { kind: 'pai', before: '2035-01-01' }, templateId: t.id, subject: t.subject, body: t.body },
      responsable,
    )
    expect(sent.count).toBeGreaterThan(0)
    const exported = await refusal(backend.call('messages/export', { since: '2026-12-06' }, agent))
    expect(exported?.code).toBe('FORBIDDEN')
    expect(exported?.message).toMatch(/données de santé/)
    const printed = await refusal(backend.call('messages/letters', { batchId: sent.batchId }, agent))
    // A PAI family may all be on the portal: then there is no letter to refuse, only the ids.
    const ids = (await all<{ id: number }>('SELECT id FROM messages WHERE batch_id = ?', sent.batchId)).map(
      (r) => r.id,
    )
    const byIds = await refusal(backend.call('messages/letters', { ids }, agent))
    expect(byIds?.code).toBe('FORBIDDEN')
    expect(printed === null || printed.code === 'FORBIDDEN' || printed.code === 'NOT_FOUND').toBe(true)
    const notes = await all<{ note: string }>(
      "SELECT a.note FROM audit_log a JOIN messages m ON m.id = a.entity_id WHERE a.entity_type = 'message' AND m.batch_id = ?",
      sent.batchId,
    )
    expect(notes.every((n) => !n.note.includes('PAI') && !n.note.includes('Projet'))).toBe(true)
    const draft = await backend.call<SendResult>(
      'messages/send',
      {
        target: { kind: 'pai', before: '2035-01-01' },
        templateId: t.id,
        subject: t.subject,
        body: t.body,
        draft: true,
      },
      responsable,
    )
    const draftId = await one<number>('SELECT id FROM messages WHERE batch_id = ? LIMIT 1', draft.batchId)
    const rewritten = await refusal(
      backend.call('messages/updateDraft', { id: draftId, version: 1, subject: 'x', body: 'y' }, agent),
    )
    expect(rewritten?.code).toBe('FORBIDDEN')
    const ok = await backend.call<{ count: number }>('messages/export', { since: '2026-12-06' }, responsable)
    expect(ok.count).toBe(
      (await all('SELECT id FROM messages WHERE batch_id = ? AND channel = ?', sent.batchId, 'portail'))
        .length,
    )
  })
})

describe('the search of the list', () => {
  it('finds a subject or a responsable’s name whatever the case of ASCII letters, accents as typed', async () => {
    const familyId = await familyOf('383304832264')
    const sent = await backend.call<SendResult>(
      'messages/send',
      {
        target: { kind: 'family', familyId },
        subject: 'Fête de l’École Verte',
        body: 'Bonjour.',
        draft: true,
      },
      agent,
    )
    const found = async (search: string) =>
      (await backend.call<MessagePage>('messages/list', { search, batchId: sent.batchId }, agent)).total
    expect(await found('école verte')).toBe(0) // SQLite folds ASCII letters only, as before
    expect(await found('École VERTE')).toBe(1)
    expect(await found('fÊte')).toBe(0)
    expect(await found('FêTE')).toBe(1)
    expect(await found('tEsT')).toBe(1) // the responsable's name, TEST
    expect(await found('absent')).toBe(0)
  })
})
