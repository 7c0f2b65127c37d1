import type { familyChannels } from '@shared/contract/families'
import { dayInFrance } from '@shared/format/date'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import type { HandlersOf } from '../ipc/handler-types'
import { findFamilyId, readFamilyFile } from './read'
import { createFamily, removeConjoint, saveGuardianFields, setQuotient, updateFamilyFields } from './service'

const today = (ctx: StaffContext) => dayInFrance(ctx.clock.now())
const fileOf = (ctx: StaffContext, id: number) => readFamilyFile(ctx.db, id, today(ctx))

export const familyHandlers = {
  'families/get': (ctx, { id }) => fileOf(ctx, id),
  'families/getByNumber': async (ctx, { number }) => fileOf(ctx, await findFamilyId(ctx.db, number)),
  'families/create': async (ctx, input) => {
    const id = await inTransaction(ctx.db, (trx) => createFamily(trx, ctx, input.number, input.responsable))
    return fileOf(ctx, id)
  },
  'families/update': async (ctx, input) => {
    await inTransaction(ctx.db, (trx) =>
      updateFamilyFields(trx, ctx, input.id, input.patch, { expectedVersion: input.version }),
    )
    return fileOf(ctx, input.id)
  },
  'families/saveGuardian': async (ctx, input) => {
    await inTransaction(ctx.db, (trx) =>
      saveGuardianFields(trx, ctx, input.familyId, input.role, input.patch, {
        expectedVersion: input.version,
      }),
    )
    return fileOf(ctx, input.familyId)
  },
  'families/removeConjoint': async (ctx, input) => {
    await inTransaction(ctx.db, (trx) =>
      removeConjoint(trx, ctx, input.familyId, { expectedVersion: input.version }),
    )
    return fileOf(ctx, input.familyId)
  },
  'families/setQuotient': async (ctx, input) => {
    await inTransaction(ctx.db, (trx) =>
      setQuotient(trx, ctx, input.familyId, {
        qf: input.qf,
        validFrom: input.qf_du,
        validTo: input.qf_au ?? null,
      }),
    )
    return fileOf(ctx, input.familyId)
  },
} satisfies HandlersOf<typeof familyChannels>
