import { foundation } from './20261127-0900-foundation'
import { domain } from './20261127-1000-domain'
import { vaccineCatalogue } from './20261128-0900-vaccine-catalogue'
import { familySearch } from './20261128-0910-family-search'
import { provisionalAdmission } from './20261128-1100-provisional-admission'
import { requestQueue } from './20261128-1200-request-queue'
import { csvColumnMappings } from './20261130-0900-csv-column-mappings'
import { auditIndexes } from './20261130-1000-audit-indexes'
import { calendar } from './20261201-0900-calendar'
import { schoolHolidays } from './20261201-0910-school-holidays'
import { fileCoverage } from './20261201-1100-file-coverage'
import { requestTimeKnown } from './20261201-1100-request-time-known'
import { staffProvisionalPassword } from './20261201-1200-staff-provisional-password'
import { attendance } from './20261201-1600-attendance'
import { billing } from './20261201-1700-billing'
import { messages } from './20261202-0100-messages'
import { departure } from './20261202-0200-departure'
import { retention } from './20261202-0300-retention'
import { retentionSearch } from './20261202-0301-retention-search'
import { completenessWindow } from './20261202-0400-completeness-window'
import { coverageEmailPresence } from './20261202-0500-coverage-email-presence'
import { requestStateCounts } from './20261202-0700-request-state-counts'
import { requestKindCounts } from './20261202-0800-request-kind-counts'
import { requestCountsPerStatement } from './20261202-0900-request-counts-per-statement'
import type { Migration } from './types'

/** Every migration, in the order it runs. Append only. */
export const migrations: Migration[] = [
  foundation,
  domain,
  vaccineCatalogue,
  familySearch,
  provisionalAdmission,
  requestQueue,
  csvColumnMappings,
  auditIndexes,
  calendar,
  schoolHolidays,
  fileCoverage,
  requestTimeKnown,
  staffProvisionalPassword,
  attendance,
  billing,
  messages,
  departure,
  retention,
  retentionSearch,
  completenessWindow,
  coverageEmailPresence,
  requestStateCounts,
  requestKindCounts,
  requestCountsPerStatement,
]
