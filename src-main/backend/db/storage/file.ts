import { AppError } from '../../errors'
import type { FileStorage, Storage } from './types'

/**
 * The file operations of the embedded mode, or the French refusal of a mode
 * without a file of its own (a PostgreSQL server is copied with pg_dump and
 * checked by the server itself).
 */
export function fileOf(storage: Storage): FileStorage {
  if (storage.file) return storage.file
  throw new AppError(
    'UNAVAILABLE',
    'La base est sur un serveur PostgreSQL : ses copies se font avec pg_dump et ses vérifications sur le serveur (voir le README, « Mode serveur »), pas depuis Marelle.',
  )
}
