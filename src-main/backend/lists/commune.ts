import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { getSetting } from '../settings/service'

/** The commune's name for printed headers (Paramètres), « Commune » when not set yet. */
export async function communeName(db: Kysely<DB>): Promise<string> {
  const name = (await getSetting(db, 'commune.name')).trim()
  return name === '' ? 'Commune' : name
}
