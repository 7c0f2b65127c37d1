import { foundation } from './20261127-0900-foundation'
import { domain } from './20261127-1000-domain'
import { requestQueue } from './20261128-1200-request-queue'
import type { Migration } from './types'

/** Every migration, in the order it runs. Append only. */
export const migrations: Migration[] = [foundation, domain, requestQueue]
