import type { Command } from '../command'
import { backupCommand } from './backup'
import { checkCommand } from './check'
import { demoCommand } from './demo'
import { familyShowCommand } from './family-show'
import { migrateCommand } from './migrate'

/** Every command of `marelle`; later features add theirs here. */
export const commands: Command[] = [
  migrateCommand,
  checkCommand,
  backupCommand,
  demoCommand,
  familyShowCommand,
]
