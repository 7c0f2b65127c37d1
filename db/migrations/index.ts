import { foundation } from './20261127-0900-foundation'
import { domain } from './20261127-1000-domain'
import { csvColumnMappings } from './20261130-0900-csv-column-mappings'
import type { Migration } from './types'

/** Every migration, in the order it runs. Append only. */
export const migrations: Migration[] = [foundation, domain, csvColumnMappings]
