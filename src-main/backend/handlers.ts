import { accessExportHandlers } from './access-export/handlers'
import { agendaHandlers } from './agenda/handlers'
import { auditHandlers } from './audit/handlers'
import { authHandlers } from './auth/handlers'
import { billingHandlers } from './billing/handlers'
import { calendarHandlers } from './calendar/handlers'
import { changesHandlers } from './changes/handlers'
import { childHandlers } from './children/handlers'
import { completenessHandlers } from './completeness/handlers'
import { encryptionHandlers } from './encryption/handlers'
import { familyHandlers } from './families/handlers'
import { csvHandlers } from './family-csv/handlers'
import { healthAccessHandlers } from './health-access/handlers'
import type { Handlers } from './ipc/handler-types'
import { jobHandlers } from './jobs/handlers'
import { listHandlers } from './lists/handlers'
import { messageHandlers } from './messages/handlers'
import { placesHandlers } from './places/handlers'
import { requestHandlers } from './requests/handlers'
import { retentionHandlers } from './retention/handlers'
import { searchHandlers } from './search/handlers'
import { serverHandlers } from './server/handlers'
import { settingsHandlers } from './settings/handlers'
import { staffHandlers } from './staff/handlers'
import { systemHandlers } from './system/handlers'
import { vaccineHandlers } from './vaccines/handlers'

/** The whole handler map: what Electron's IPC, the web host, the CLI and the tests all call. */
export const handlers: Handlers = {
  ...authHandlers,
  ...staffHandlers,
  ...searchHandlers,
  ...systemHandlers,
  ...familyHandlers,
  ...childHandlers,
  ...auditHandlers,
  ...settingsHandlers,
  ...requestHandlers,
  ...jobHandlers,
  ...completenessHandlers,
  ...placesHandlers,
  ...vaccineHandlers,
  ...csvHandlers,
  ...listHandlers,
  ...healthAccessHandlers,
  ...agendaHandlers,
  ...calendarHandlers,
  ...billingHandlers,
  ...messageHandlers,
  ...retentionHandlers,
  ...accessExportHandlers,
  ...encryptionHandlers,
  ...changesHandlers,
  ...serverHandlers,
}
