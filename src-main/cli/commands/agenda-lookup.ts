import type { StaffContext } from '../../backend/context'
import { AppError } from '../../backend/errors'
import { UsageError } from '../command'

/** The child of a 12-digit Identifiant, as the portal writes it. */
export async function childByIdentifier(ctx: StaffContext, positionals: string[]): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('Indiquez l’identifiant d’un enfant, et un seul.')
  const identifier = positionals[0].trim()
  if (!/^\d{12}$/.test(identifier))
    throw new AppError('VALIDATION', `Identifiant enfant invalide : « ${identifier} » (12 chiffres).`)
  const child = await ctx.db
    .selectFrom('children')
    .select('id')
    .where('identifier', '=', identifier)
    .executeTakeFirst()
  if (!child) throw new AppError('NOT_FOUND', `Aucun enfant d’identifiant ${identifier}.`)
  return child.id
}
