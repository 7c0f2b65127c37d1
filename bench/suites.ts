import { billingSuite } from './billing'
import { calendarSuite } from './calendar'
import { changesSuite } from './changes'
import { csvCodecSuite } from './csv-codec'
import { csvImportSuite } from './csv-import'
import { demoSuite } from './demo'
import { encryptionSuite } from './encryption'
import { familiesSuite } from './families'
import type { BenchSuite } from './harness'
import { listsSuite } from './lists'
import { requestsSuite } from './requests'
import { requestsAgendaSuite } from './requests-agenda'
import { searchSuite } from './search'
import { serverModeSuite } from './server-mode'
import { startupSuite } from './startup'

/** Every benchmark suite, in the order `npm run bench` runs them. */
export const suites: BenchSuite[] = [
  startupSuite,
  demoSuite,
  searchSuite,
  familiesSuite,
  calendarSuite,
  listsSuite,
  csvCodecSuite,
  requestsSuite,
  requestsAgendaSuite,
  changesSuite,
  csvImportSuite,
  billingSuite,
  encryptionSuite,
  serverModeSuite,
]
