import type { calendarChannels } from '@shared/contract/calendar'
import type { HandlersOf } from '../ipc/handler-types'
import { applyHolidayImport, planHolidayImport } from './holiday-import'
import { deleteHoliday, listHolidays, missingHolidays, saveHoliday } from './holidays'
import { deletePeriod, listPeriods, savePeriod } from './periods'
import { publicHolidays } from './public-holidays'
import { archiveService, archiveStructure, listStructures, saveService, saveStructure } from './structures'

export const calendarHandlers = {
  'calendar/structures': (ctx, input) => listStructures(ctx.db, input.includeArchived ?? false),
  'calendar/saveStructure': (ctx, input) => saveStructure(ctx, input),
  'calendar/archiveStructure': (ctx, input) => archiveStructure(ctx, input),
  'calendar/saveService': (ctx, input) => saveService(ctx, input),
  'calendar/archiveService': (ctx, input) => archiveService(ctx, input),
  'calendar/holidays': (ctx, input) => listHolidays(ctx.db, input),
  'calendar/saveHoliday': (ctx, input) => saveHoliday(ctx, input),
  'calendar/deleteHoliday': (ctx, input) => deleteHoliday(ctx, input),
  'calendar/previewImport': async (ctx, input) =>
    (await planHolidayImport(ctx.db, input.text, input.fileName)).preview,
  'calendar/applyImport': (ctx, input) => applyHolidayImport(ctx, input.text, input.fileName),
  'calendar/missingHolidays': (ctx, input) => missingHolidays(ctx, input.zone),
  'calendar/publicHolidays': async (_ctx, input) =>
    [...publicHolidays(input.year, input.alsaceMoselle)]
      .map(([date, name]) => ({ date, name }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  'calendar/periods': (ctx, input) => listPeriods(ctx.db, input.structureId),
  'calendar/savePeriod': (ctx, input) => savePeriod(ctx, input),
  'calendar/deletePeriod': (ctx, input) => deletePeriod(ctx, input),
} satisfies HandlersOf<typeof calendarChannels>
