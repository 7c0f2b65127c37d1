import type { Command } from '../command'
import { agendaSetCommand } from './agenda-set'
import { agendaShowCommand } from './agenda-show'
import { backupCommand } from './backup'
import {
  billingPaymentCommand,
  billingRunCommand,
  billingSepaCommand,
  billingStatementCommand,
} from './billing'
import { calendarHolidaysCommand, calendarImportCommand } from './calendar'
import { checkCommand } from './check'
import { demoCommand } from './demo'
import { decryptCommand, encryptCommand } from './encryption'
import { exportFamiliesCommand, importFamiliesCommand } from './family-csv'
import { familyExportDataCommand } from './family-export-data'
import { familyShowCommand } from './family-show'
import { listsDayCommand, listsKitchenCommand } from './lists'
import { messagesExportCommand } from './messages-export'
import { messagesLettersCommand } from './messages-letters'
import { messagesListCommand } from './messages-list'
import { messagesSendCommand } from './messages-send'
import { migrateCommand } from './migrate'
import { requestsDecideCommand } from './requests-decide'
import { requestsExportCommand } from './requests-export'
import { requestsImportCommand } from './requests-import'
import { requestsListCommand } from './requests-list'
import { restoreCommand } from './restore'
import { retentionApplyCommand, retentionPlanCommand } from './retention'
import { transferCommand } from './transfer'

/** Every command of `marelle`; later features add theirs here. */
export const commands: Command[] = [
  migrateCommand,
  checkCommand,
  backupCommand,
  restoreCommand,
  encryptCommand,
  decryptCommand,
  demoCommand,
  familyShowCommand,
  familyExportDataCommand,
  requestsImportCommand,
  requestsListCommand,
  requestsDecideCommand,
  requestsExportCommand,
  agendaShowCommand,
  agendaSetCommand,
  exportFamiliesCommand,
  importFamiliesCommand,
  listsDayCommand,
  listsKitchenCommand,
  calendarImportCommand,
  calendarHolidaysCommand,
  billingRunCommand,
  billingStatementCommand,
  billingPaymentCommand,
  billingSepaCommand,
  messagesSendCommand,
  messagesListCommand,
  messagesExportCommand,
  messagesLettersCommand,
  retentionPlanCommand,
  retentionApplyCommand,
  transferCommand,
]
