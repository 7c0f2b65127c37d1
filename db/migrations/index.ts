import { foundation } from './20261127-0900-foundation'
import { domain } from './20261127-1000-domain'
import { provisionalAdmission } from './20261128-1100-provisional-admission'
import type { Migration } from './types'

/** Every migration, in the order it runs. Append only. */
export const migrations: Migration[] = [foundation, domain, provisionalAdmission]
