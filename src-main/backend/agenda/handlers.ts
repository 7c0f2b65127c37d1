import type { agendaChannels } from '@shared/contract/agenda'
import { dayInFrance } from '@shared/format/date'
import { inTransaction } from '../db/transaction'
import type { HandlersOf } from '../ipc/handler-types'
import { applyAgendaDates, assessAgendaDates } from './apply'
import { changeEnrolment, createEnrolment, endEnrolment, listEnrolments } from './enrolments'
import { childMonth, serviceMonth } from './views'

export const agendaHandlers = {
  'agenda/child': (ctx, { childId, month }) =>
    childMonth(ctx.db, childId, month, dayInFrance(ctx.clock.now())),
  'agenda/service': (ctx, { serviceId, month }) =>
    serviceMonth(ctx.db, serviceId, month, dayInFrance(ctx.clock.now())),
  'agenda/assess': (ctx, input) => assessAgendaDates(ctx.db, { ...input, at: ctx.clock.now() }),
  'agenda/act': async (ctx, input) => ({
    outcomes: await inTransaction(ctx.db, (trx) =>
      applyAgendaDates(trx, ctx, { ...input, at: ctx.clock.now() }),
    ),
  }),
  'agenda/enrolments/list': (ctx, filter) => listEnrolments(ctx.db, filter),
  'agenda/enrolments/create': (ctx, input) =>
    inTransaction(ctx.db, (trx) => createEnrolment(trx, ctx, input)),
  'agenda/enrolments/change': (ctx, input) =>
    inTransaction(ctx.db, (trx) => changeEnrolment(trx, ctx, input)),
  'agenda/enrolments/end': (ctx, input) => inTransaction(ctx.db, (trx) => endEnrolment(trx, ctx, input)),
} satisfies HandlersOf<typeof agendaChannels>
