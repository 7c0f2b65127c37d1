import type { DB } from '@db/schema'
import type { MessagesExport } from '@shared/contract/messages'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { chunks } from '../requests/chunks'
import { parseSince } from '../requests/export'
import { canSeeHealth } from '../settings/service'
import { deliveryOf, type GuardianContact } from './delivery'
import { isHealthMessage } from './rows'

// The portal's inbox file (docs/demandes-portail.md, « Messages aux
// familles »): one JSON line per message for the portal since an instant.
// Each message keeps its id: the same message exported again has the same
// `id`, so the portal skips what it already has. The first export marks a
// message « transmis au portail »; a later export still includes it.

/** One line of the file: `request_ref` and `child` only where they apply. */
export interface MessageLine {
  id: string
  family: string
  created_at: string
  subject: string
  body: string
  request_ref?: string
  child?: string
  /** Where the portal may notify the family; null without « Autorisation courriel » / « Autorisation SMS ». */
  notify_email: string | null
  notify_sms: string | null
}

async function contactsOf(db: Kysely<DB>, familyIds: number[]) {
  const out = new Map<number, GuardianContact[]>()
  for (const part of chunks(familyIds))
    for (const g of await db
      .selectFrom('guardians')
      .select(['family_id', 'role', 'email', 'mobile_phone', 'consent_email', 'consent_sms'])
      .where('family_id', 'in', part)
      .execute())
      out.set(g.family_id, [...(out.get(g.family_id) ?? []), g])
  return out
}

export async function exportMessages(ctx: StaffContext, sinceText: string): Promise<MessagesExport> {
  const since = parseSince(sinceText)
  const rows = await ctx.db
    .selectFrom('messages as m')
    .innerJoin('families as f', 'f.id', 'm.family_id')
    .leftJoin('children as c', 'c.id', 'm.child_id')
    .leftJoin('requests as r', 'r.id', 'm.request_id')
    .select([
      'm.id',
      'm.public_id',
      'm.family_id',
      'f.number as family_number',
      'm.created_at',
      'm.subject',
      'm.body',
      'm.health_data',
      'm.state',
      'm.exported_at',
      'm.version',
      'c.identifier as child_identifier',
      'r.ref as request_ref',
      'r.kind as request_kind',
    ])
    .where('m.channel', '=', 'portail')
    .where('m.state', '<>', 'brouillon')
    .where('m.created_at', '>=', since)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute()
  const healthMessages = rows.filter(isHealthMessage).length
  // The file must stay whole for the portal: a role without the health right cannot take it.
  if (healthMessages > 0 && !(await canSeeHealth(ctx.db, ctx.actor)))
    throw new AppError(
      'FORBIDDEN',
      `Depuis cette date, ${healthMessages} message${healthMessages > 1 ? 's portent' : ' porte'} sur des données de santé que votre rôle ne permet pas de voir : l’export des messages doit être fait par un rôle autorisé (Paramètres → Données de santé).`,
    )
  const contacts = await contactsOf(ctx.db, [...new Set(rows.map((r) => r.family_id))])
  const lines: MessageLine[] = rows.map((r) => {
    const delivery = deliveryOf(contacts.get(r.family_id) ?? [])
    return {
      id: r.public_id,
      family: r.family_number,
      created_at: r.created_at,
      subject: r.subject,
      body: r.body,
      ...(r.request_ref ? { request_ref: r.request_ref } : {}),
      ...(r.child_identifier ? { child: r.child_identifier } : {}),
      notify_email: delivery.notifyEmail,
      notify_sms: delivery.notifySms,
    }
  })
  const fresh = rows.filter((r) => r.exported_at === null || r.state === 'a_envoyer')
  if (fresh.length > 0)
    await inTransaction(ctx.db, async (trx) => {
      const now = ctx.clock.now().toISOString()
      for (const r of fresh) {
        const moves = r.state === 'a_envoyer'
        await trx
          .updateTable('messages')
          .set({
            exported_at: r.exported_at ?? now,
            ...(moves ? { state: 'transmis' as const } : {}),
            updated_at: now,
            version: r.version + 1,
          })
          .where('id', '=', r.id)
          .execute()
        if (moves)
          await writeAudit(trx, ctx.actor, ctx.clock, {
            action: 'message.export',
            entityType: 'message',
            entityId: r.id,
            entityVersion: r.version + 1,
            familyId: r.family_id,
            changes: [{ field: 'etat', label: 'État', before: 'À envoyer', after: 'Transmis au portail' }],
            note: 'Message transmis au portail',
          })
      }
    })
  const day = ctx.clock.now().toISOString().slice(0, 10)
  return {
    fileName: `messages-${day}.jsonl`,
    text: lines.map((l) => `${JSON.stringify(l)}\n`).join(''),
    count: lines.length,
    healthMessages,
  }
}
