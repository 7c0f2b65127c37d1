import type { LettersFile } from '@shared/contract/messages'
import { dayInFrance, formatDay } from '@shared/format/date'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, notFound } from '../errors'
import { communeName } from '../lists/commune'
import { chunks } from '../requests/chunks'
import { canSeeHealth, getSetting } from '../settings/service'
import { addressBlock, isDeliverable, type PostalAddressee, toAddressee } from './address-block'
import { type Letter, lettersPdf } from './letter-pdf'
import { isHealthMessage } from './rows'

// Printing letters (docs/messages.md, « Courrier »): the chosen messages, or
// the letters of one send, in one PDF; each becomes « imprimé ».

export async function printLetters(
  ctx: StaffContext,
  input: { ids?: number[]; batchId?: string },
): Promise<{ bytes: Buffer; file: Omit<LettersFile, 'base64'> }> {
  let query = ctx.db
    .selectFrom('messages as m')
    .innerJoin('families as f', 'f.id', 'm.family_id')
    .leftJoin('requests as r', 'r.id', 'm.request_id')
    .select([
      'm.id',
      'm.family_id',
      'm.child_id',
      'f.number as family_number',
      'm.subject',
      'm.body',
      'm.state',
      'm.channel',
      'm.version',
      'm.health_data',
      'r.kind as request_kind',
    ])
  query =
    input.batchId !== undefined
      ? query.where('m.batch_id', '=', input.batchId).where('m.channel', '=', 'courrier')
      : query.where('m.id', 'in', input.ids ?? [])
  const rows = await query.orderBy('f.number').orderBy('m.id').execute()
  if (rows.length === 0) throw notFound('Courrier')
  if (rows.some((r) => r.state === 'brouillon'))
    throw new AppError('VALIDATION', 'Messages : un brouillon ne s’imprime pas ; envoyez-le d’abord.')
  const healthMessages = rows.filter(isHealthMessage).length
  if (healthMessages > 0 && !(await canSeeHealth(ctx.db, ctx.actor)))
    throw new AppError(
      'FORBIDDEN',
      'Ces courriers portent sur des données de santé que votre rôle ne permet pas de voir (Paramètres → Données de santé).',
    )
  const families = [...new Set(rows.map((r) => r.family_id))]
  const guardians = new Map<number, NonNullable<Parameters<typeof toAddressee>[0]>>()
  // 'responsable' sorts after 'conjoint' descending: the responsable wins.
  for (const part of chunks(families))
    for (const g of await ctx.db
      .selectFrom('guardians')
      .select([
        'family_id',
        'role',
        'civility',
        'first_name',
        'last_name',
        'address_line1',
        'address_line2',
        'address_line3',
        'locality',
        'postal_code',
        'city',
      ])
      .where('family_id', 'in', part)
      .orderBy('role', 'desc')
      .execute())
      if (!guardians.has(g.family_id) || g.role === 'responsable') guardians.set(g.family_id, g)
  const commune = await communeName(ctx.db)
  const address = (await getSetting(ctx.db, 'commune.address'))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  const today = dayInFrance(ctx.clock.now())
  const addressees = new Map(families.map((id) => [id, toAddressee(guardians.get(id) ?? null)]))
  const addressMissing = rows
    .filter((r) => !isDeliverable(addressees.get(r.family_id) as PostalAddressee))
    .map((r) => r.family_number)
  const letters: Letter[] = rows.map((r) => ({
    address: addressBlock(addressees.get(r.family_id) as PostalAddressee),
    subject: r.subject,
    body: r.body,
    placeAndDate: `${commune}, le ${formatDay(today)}`,
    reference: `Famille n° ${r.family_number}`,
  }))
  const bytes = await lettersPdf({ commune, address }, letters, 'Courriers aux familles')
  await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString()
    for (const r of rows) {
      const moves = r.state === 'a_envoyer' && r.channel === 'courrier'
      await trx
        .updateTable('messages')
        .set({
          printed_at: now,
          ...(moves ? { state: 'imprime' as const } : {}),
          updated_at: now,
          version: r.version + 1,
        })
        .where('id', '=', r.id)
        .execute()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'message.print',
        entityType: 'message',
        entityId: r.id,
        entityVersion: r.version + 1,
        familyId: r.family_id,
        childId: r.child_id,
        ...(moves
          ? { changes: [{ field: 'etat', label: 'État', before: 'À envoyer', after: 'Imprimé' }] }
          : {}),
        note: 'Courrier imprimé',
      })
    }
  })
  return {
    bytes,
    file: {
      fileName: `courriers-${today}.pdf`,
      count: rows.length,
      healthMessages,
      addressMissing: [...new Set(addressMissing)],
    },
  }
}
