import type { completenessChannels } from '@shared/contract/completeness'
import { dayInFrance } from '@shared/format/date'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { forbidden } from '../errors'
import type { HandlersOf } from '../ipc/handler-types'
import { canSeeHealth } from '../settings/service'
import { childChecklist } from './checklist'
import { completenessCounts, completenessPage, ensureCoverage } from './service'
import { validateChildFile } from './validate'

const today = (ctx: StaffContext) => dayInFrance(ctx.clock.now())

async function checklistOf(ctx: StaffContext, childId: number) {
  return childChecklist(ctx.db, childId, today(ctx), await canSeeHealth(ctx.db, ctx.actor))
}

export const completenessHandlers = {
  'completeness/counts': async (ctx) => {
    await ensureCoverage(ctx.db)
    return completenessCounts(ctx.db, today(ctx))
  },
  'completeness/list': async (ctx, input) => {
    await ensureCoverage(ctx.db)
    return completenessPage(ctx.db, today(ctx), input)
  },
  'completeness/checklist': (ctx, { childId }) => checklistOf(ctx, childId),
  // Validating vouches for the health part too (vaccinations, PAI): only a role that can see it may.
  'completeness/validate': async (ctx, { childId, version }) => {
    await inTransaction(ctx.db, async (trx) => {
      if (!(await canSeeHealth(trx, ctx.actor)))
        throw forbidden(
          'Valider le dossier engage aussi sa partie santé (vaccinations, PAI), que votre rôle ne permet pas de voir : demandez à un rôle autorisé.',
        )
      await validateChildFile(trx, ctx, childId, version)
    })
    return checklistOf(ctx, childId)
  },
} satisfies HandlersOf<typeof completenessChannels>
