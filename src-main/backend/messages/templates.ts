import type { DB } from '@db/schema'
import type { MessageTemplate } from '@shared/contract/messages'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, notFound } from '../errors'
import { checkFields } from './placeholders'

// Message templates (docs/messages.md, « Modèles »): the three of the
// migration and those the service adds. Changed by responsables and
// administrateurs, each change audited; a stale version is refused.

const columns = ['id', 'code', 'title', 'subject', 'body', 'health_data', 'version'] as const

const toTemplate = (r: {
  id: number
  code: string
  title: string
  subject: string
  body: string
  health_data: number
  version: number
}): MessageTemplate => ({ ...r, healthData: r.health_data === 1 })

export async function listTemplates(db: Kysely<DB>): Promise<MessageTemplate[]> {
  const rows = await db
    .selectFrom('message_templates')
    .select(columns)
    .where('archived_at', 'is', null)
    .orderBy('title')
    .execute()
  return rows.map(toTemplate)
}

/** A code from the title: « Sortie du mercredi » → sortie-du-mercredi. */
const codeOf = (title: string) =>
  title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'modele'

export async function saveTemplate(
  ctx: StaffContext,
  input: {
    id?: number
    version?: number
    title: string
    subject: string
    body: string
    healthData?: boolean
  },
): Promise<MessageTemplate> {
  checkFields(input.subject, 'subject', 'Objet')
  checkFields(input.body, 'body', 'Texte')
  const now = ctx.clock.now().toISOString()
  const id = await inTransaction(ctx.db, async (trx) => {
    const values = {
      title: input.title,
      subject: input.subject,
      body: input.body,
      health_data: input.healthData ? 1 : 0,
      updated_at: now,
    }
    if (input.id === undefined) {
      const taken = await trx.selectFrom('message_templates').select('code').execute()
      const base = codeOf(input.title)
      let code = base
      for (let n = 2; taken.some((t) => t.code === code); n++) code = `${base}-${n}`
      const { id } = await trx
        .insertInto('message_templates')
        .values({ ...values, code, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'message-template.create',
        entityType: 'message_template',
        entityId: id,
        entityVersion: 1,
        note: `Modèle de message « ${input.title} » créé`,
      })
      return id
    }
    const before = await trx
      .selectFrom('message_templates')
      .select(columns)
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!before) throw notFound('Modèle de message')
    if (input.version !== undefined && input.version !== before.version)
      throw new AppError(
        'CONFLICT',
        'Ce modèle a été modifié entre-temps : rechargez-le avant de le changer.',
      )
    await trx
      .updateTable('message_templates')
      .set({ ...values, version: before.version + 1 })
      .where('id', '=', input.id)
      .execute()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'message-template.update',
      entityType: 'message_template',
      entityId: input.id,
      entityVersion: before.version + 1,
      changes: [
        { field: 'nom', label: 'Nom du modèle', before: before.title, after: input.title },
        { field: 'objet', label: 'Objet', before: before.subject, after: input.subject },
        { field: 'texte', label: 'Texte', before: before.body, after: input.body },
      ].filter((c) => c.before !== c.after),
    })
    return input.id
  })
  const row = await ctx.db
    .selectFrom('message_templates')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return toTemplate(row)
}
