import { randomUUID } from 'node:crypto'
import type { ChildHealthRead } from '@shared/contract/define'
import type { MessageTarget, RecipientsPreview, SendResult } from '@shared/contract/messages'
import { dayInFrance } from '@shared/format/date'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, forbidden, notFound } from '../errors'
import { communeName } from '../lists/commune'
import { canSeeHealth } from '../settings/service'
import { checkFields, fillFields, usesChildFields } from './placeholders'
import { type ResolvedRecipient, resolveRecipients } from './recipients'
import { targetChildren } from './targets'

// Writing to families (docs/messages.md): the recipients a target chooses,
// previewed before anything is written, then one message per recipient in
// one transaction, each audited on its family.

export interface Compose {
  target: MessageTarget
  templateId?: number | null
  subject: string
  body: string
  includeArchived?: boolean
}

/** How many recipients the preview lists in full. */
const PREVIEW_ROWS = 500

interface Resolved {
  recipients: ResolvedRecipient[]
  perChild: boolean
  healthData: boolean
  healthChildren: ChildHealthRead[]
}

async function resolve(ctx: StaffContext, input: Compose): Promise<Resolved> {
  checkFields(input.subject, 'subject', 'Objet')
  checkFields(input.body, 'body', 'Texte')
  const template =
    input.templateId == null
      ? null
      : await ctx.db
          .selectFrom('message_templates')
          .select(['id', 'health_data'])
          .where('id', '=', input.templateId)
          .executeTakeFirst()
  if (input.templateId != null && !template) throw notFound('Modèle de message')
  const byPai = input.target.kind === 'pai'
  // Who has a PAI that ends soon is health data: only the roles allowed to see it.
  if (byPai && !(await canSeeHealth(ctx.db, ctx.actor)))
    throw forbidden(
      'Le critère « PAI expirant avant le » porte sur des données de santé : votre rôle ne permet pas de l’utiliser (Paramètres → Données de santé).',
    )
  const today = dayInFrance(ctx.clock.now())
  const matched = await targetChildren(ctx.db, input.target, today, input.includeArchived === true)
  const perChild = usesChildFields(input.subject, input.body)
  if (perChild && input.target.kind === 'family' && matched.every((m) => m.childId === null))
    throw new AppError(
      'VALIDATION',
      'Texte : cette famille n’a aucun enfant présent ; retirez les champs {{enfant.…}} du message.',
      [{ path: 'body', label: 'Texte', message: 'champs {{enfant.…}} sans enfant' }],
    )
  const recipients = await resolveRecipients(ctx.db, matched, perChild, {
    commune: await communeName(ctx.db),
    today,
  })
  const healthData = byPai || template?.health_data === 1
  const healthChildren = byPai
    ? matched.flatMap((m) => (m.childId === null ? [] : [{ childId: m.childId, familyId: m.familyId }]))
    : []
  return { recipients, perChild, healthData, healthChildren }
}

const strip = ({ values: _values, ...rest }: ResolvedRecipient) => rest

/** Who would receive the message: nothing is written. */
export async function previewMessage(ctx: StaffContext, input: Compose): Promise<RecipientsPreview> {
  const { recipients, perChild, healthChildren } = await resolve(ctx, input)
  const first = recipients[0]
  return {
    count: recipients.length,
    families: new Set(recipients.map((r) => r.familyId)).size,
    letters: recipients.filter((r) => r.channel === 'courrier').length,
    addressMissing: recipients.filter((r) => r.addressMissing).length,
    perChild,
    recipients: recipients.slice(0, PREVIEW_ROWS).map(strip),
    sample: first
      ? { subject: fillFields(input.subject, first.values), body: fillFields(input.body, first.values) }
      : null,
    healthChildren,
  }
}

/** One message per recipient, in one transaction; each audited on its family. */
export async function sendMessage(
  ctx: StaffContext,
  input: Compose & { draft?: boolean },
): Promise<SendResult> {
  const resolved = await resolve(ctx, input)
  if (resolved.recipients.length === 0)
    throw new AppError(
      'VALIDATION',
      'Destinataires : aucune famille ne correspond à ces critères ; rien n’a été envoyé.',
    )
  const state = input.draft ? 'brouillon' : 'a_envoyer'
  const batchId = randomUUID()
  const now = ctx.clock.now().toISOString()
  await inTransaction(ctx.db, async (trx) => {
    for (const r of resolved.recipients) {
      const { id } = await trx
        .insertInto('messages')
        .values({
          public_id: randomUUID(),
          family_id: r.familyId,
          child_id: r.childId,
          request_id: null,
          subject: fillFields(input.subject, r.values),
          body: fillFields(input.body, r.values),
          state,
          channel: r.channel,
          template_id: input.templateId ?? null,
          batch_id: batchId,
          health_data: resolved.healthData ? 1 : 0,
          sent_at: input.draft ? null : now,
          created_at: now,
          created_by: ctx.actor.staffId,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: input.draft ? 'message.draft' : 'message.create',
        entityType: 'message',
        entityId: id,
        entityVersion: 1,
        familyId: r.familyId,
        childId: r.childId,
        // The subject as written, fields unfilled: no name in the note (the message holds them).
        note: `${input.draft ? 'Brouillon de message' : 'Message'} (${r.channel === 'portail' ? 'portail' : 'courrier'})${resolved.healthData ? '' : ` : ${input.subject}`}`,
      })
    }
  })
  return {
    count: resolved.recipients.length,
    letters: resolved.recipients.filter((r) => r.channel === 'courrier').length,
    batchId,
    state,
    healthChildren: resolved.healthChildren,
  }
}
