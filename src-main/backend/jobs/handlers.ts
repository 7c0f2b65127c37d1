import type { fileChannels } from '@shared/contract/files'
import type { jobChannels } from '@shared/contract/jobs'
import type { Services, StaffContext } from '../context'
import { AppError } from '../errors'
import type { HandlersOf } from '../ipc/handler-types'

export function requireJobs(ctx: Services) {
  if (!ctx.jobs) throw new AppError('UNAVAILABLE', 'Les opérations longues ne sont pas disponibles ici.')
  return ctx.jobs
}

export function requireDesktop(ctx: StaffContext) {
  if (!ctx.desktop)
    throw new AppError(
      'UNAVAILABLE',
      'Les fenêtres d’ouverture et d’enregistrement n’existent que dans l’application de bureau.',
    )
  return ctx.desktop
}

export const jobHandlers = {
  'jobs/status': async (ctx, { id }) => requireJobs(ctx).status(id, ctx.actor),
  'jobs/cancel': async (ctx, { id }) => requireJobs(ctx).cancel(id, ctx.actor),
  'files/chooseSave': async (ctx, input) => ({ path: await requireDesktop(ctx).chooseSave(input) }),
  'files/chooseOpen': async (ctx, input) => ({ paths: await requireDesktop(ctx).chooseOpen(input) }),
} satisfies HandlersOf<typeof jobChannels & typeof fileChannels>
