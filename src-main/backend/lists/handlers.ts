import { writeFileSync } from 'node:fs'
import type { listChannels } from '@shared/contract/lists'
import type { StaffContext } from '../context'
import { forbidden } from '../errors'
import type { HandlersOf } from '../ipc/handler-types'
import { requireDesktop } from '../jobs/handlers'
import { markAttendance, resolveAbsence, validateDay } from './attendance'
import { dayListCsv, dayListPdf } from './day-documents'
import { dayList } from './day-list'
import { listFileName } from './file-names'
import { kitchenCount, markKitchenSent } from './kitchen'
import { kitchenCsv, kitchenPdf } from './kitchen-documents'

// The Journée screen's channels (docs/listes-du-jour.md). Files go to a path
// staff chose in the desktop dialog, or come back as base64 for the preview
// and the web mode's download.

function deliver(
  ctx: StaffContext,
  bytes: Uint8Array,
  fileName: string,
  path: string | undefined,
  healthChildren: number,
) {
  if (path === undefined) return { fileName, base64: Buffer.from(bytes).toString('base64'), healthChildren }
  if (!requireDesktop(ctx).consumeGrant(path))
    throw forbidden('Ce fichier n’a pas été choisi dans la fenêtre d’enregistrement.')
  writeFileSync(path, bytes)
  return { fileName, base64: null, healthChildren }
}

export const listHandlers = {
  'lists/structures': async (ctx) => {
    const [structures, services] = await Promise.all([
      ctx.db
        .selectFrom('structures')
        .select(['id', 'name'])
        .where('active', '=', 1)
        .orderBy('name')
        .execute(),
      ctx.db
        .selectFrom('services')
        .select(['id', 'structure_id', 'code', 'name', 'kind'])
        .where('active', '=', 1)
        .orderBy('name')
        .execute(),
    ])
    return structures.map((s) => ({
      id: s.id,
      name: s.name,
      services: services
        .filter((v) => v.structure_id === s.id)
        .map((v) => ({ id: v.id, code: v.code, name: v.name, kind: v.kind })),
    }))
  },
  'lists/day': (ctx, input) => dayList(ctx, input),
  'lists/mark': (ctx, input) => markAttendance(ctx, { ...input, pickedUpBy: input.pickedUpBy ?? null }),
  'lists/resolveAbsence': (ctx, input) => resolveAbsence(ctx, input),
  'lists/validateDay': (ctx, input) => validateDay(ctx, input),
  'lists/kitchen': (ctx, input) => kitchenCount(ctx, input),
  'lists/kitchenSent': (ctx, input) => markKitchenSent(ctx, input),
  'lists/dayFile': async (ctx, input) => {
    const list = await dayList(ctx, input)
    const bytes = input.format === 'pdf' ? await dayListPdf(list, ctx.clock.now()) : dayListCsv(list)
    const health = list.healthShown ? list.services.reduce((n, s) => n + s.children.length, 0) : 0
    return deliver(
      ctx,
      bytes,
      listFileName('liste', list.structureName, list.date, input.format),
      input.path,
      health,
    )
  },
  'lists/kitchenFile': async (ctx, input) => {
    const count = await kitchenCount(ctx, input)
    const bytes = input.format === 'pdf' ? await kitchenPdf(count, ctx.clock.now()) : kitchenCsv(count)
    const health = count.healthShown ? count.days.reduce((n, d) => n + d.total, 0) : 0
    const period = input.from === input.to ? input.from : `${input.from}-au-${input.to}`
    return deliver(
      ctx,
      bytes,
      listFileName('cuisine', count.structureName, period, input.format),
      input.path,
      health,
    )
  },
} satisfies HandlersOf<typeof listChannels>
