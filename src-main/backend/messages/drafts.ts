import type { MessageRow } from '@shared/contract/messages'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, forbidden, notFound } from '../errors'
import { canSeeHealth } from '../settings/service'
import { checkFields } from './placeholders'
import { messageRows, toMessageRow } from './rows'

// Drafts (« brouillon »): changed, sent or deleted by staff. A change made
// on a version someone else changed since is refused (CONFLICT).

const stale = () =>
  new AppError(
    'CONFLICT',
    'Ce message a été modifié ou envoyé entre-temps : rechargez la liste avant de le changer.',
  )

async function draftOf(trx: StaffContext['db'], id: number, version: number) {
  const row = await trx
    .selectFrom('messages')
    .select(['id', 'family_id', 'child_id', 'state', 'version', 'subject', 'body', 'health_data'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound('Message')
  if (row.version !== version || row.state !== 'brouillon') throw stale()
  return row
}

export async function updateDraft(
  ctx: StaffContext,
  input: { id: number; version: number; subject: string; body: string },
): Promise<MessageRow> {
  // A draft is written for one recipient: its fields are already filled in.
  checkFields(input.subject, 'subject', 'Objet')
  checkFields(input.body, 'body', 'Texte')
  const healthAllowed = await canSeeHealth(ctx.db, ctx.actor)
  await inTransaction(ctx.db, async (trx) => {
    const row = await draftOf(trx, input.id, input.version)
    // A draft about health is read, so changed, only by the roles allowed to see it.
    if (row.health_data === 1 && !healthAllowed)
      throw forbidden(
        'Ce brouillon porte sur des données de santé : votre rôle ne permet pas de le modifier.',
      )
    const now = ctx.clock.now().toISOString()
    await trx
      .updateTable('messages')
      .set({ subject: input.subject, body: input.body, updated_at: now, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .execute()
    const health = row.health_data === 1
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'message.update',
      entityType: 'message',
      entityId: row.id,
      entityVersion: row.version + 1,
      familyId: row.family_id,
      childId: row.child_id,
      changes: health
        ? undefined
        : [
            { field: 'objet', label: 'Objet', before: row.subject, after: input.subject },
            { field: 'texte', label: 'Texte', before: row.body, after: input.body },
          ].filter((c) => c.before !== c.after),
      note: 'Brouillon de message modifié',
    })
  })
  const fresh = await messageRows(ctx.db).where('m.id', '=', input.id).executeTakeFirstOrThrow()
  return toMessageRow(fresh, healthAllowed)
}

/** Drafts become « à envoyer », dated of now (the portal's export takes them from that instant). */
export async function sendDrafts(ctx: StaffContext, ids: number[]): Promise<{ count: number }> {
  return inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString()
    let count = 0
    for (const id of [...new Set(ids)]) {
      const row = await trx
        .selectFrom('messages')
        .select(['id', 'family_id', 'child_id', 'state', 'version', 'channel'])
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) throw notFound('Message')
      if (row.state !== 'brouillon') throw stale()
      await trx
        .updateTable('messages')
        .set({ state: 'a_envoyer', created_at: now, sent_at: now, updated_at: now, version: row.version + 1 })
        .where('id', '=', id)
        .execute()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'message.send',
        entityType: 'message',
        entityId: id,
        entityVersion: row.version + 1,
        familyId: row.family_id,
        childId: row.child_id,
        changes: [{ field: 'etat', label: 'État', before: 'Brouillon', after: 'À envoyer' }],
        note: `Message envoyé (${row.channel})`,
      })
      count++
    }
    return { count }
  })
}

export async function deleteDraft(ctx: StaffContext, input: { id: number; version: number }) {
  await inTransaction(ctx.db, async (trx) => {
    const row = await draftOf(trx, input.id, input.version)
    await trx.deleteFrom('messages').where('id', '=', row.id).execute()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'message.delete',
      entityType: 'message',
      entityId: row.id,
      familyId: row.family_id,
      childId: row.child_id,
      note: 'Brouillon de message supprimé',
    })
  })
  return { deleted: true as const }
}
