import { AppError, busyError } from '../../errors'

// PostgreSQL's errors in the French of errors.ts (storageError): the same
// "base occupée" as SQLite's busy file, and for the connection what staff or
// the administrator can act on. Returns null for anything else (a bug:
// logged and reported as an unexpected error).

/** Where the connection goes, without the password: "utilisateur@hôte:port/base". */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url)
    const host = u.hostname || u.searchParams.get('host') || process.env.PGHOST || 'localhost'
    const port = u.port || process.env.PGPORT || '5432'
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || process.env.PGDATABASE || ''
    const user = decodeURIComponent(u.username) || process.env.PGUSER || ''
    return `${user ? `${user}@` : ''}${host}:${port}/${database}`
  } catch {
    return 'adresse illisible'
  }
}

const NOTHING_SAVED = 'rien n’a été enregistré'

/** Node's network error codes that mean the server could not be reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ENOENT',
])

export function postgresError(error: unknown, url?: string): AppError | null {
  if (error instanceof AppError) return error
  const e = error as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  const message = typeof e?.message === 'string' ? e.message : ''
  const target = url ? ` (${describeTarget(url)})` : ''
  if (UNREACHABLE.has(code) || /timeout expired|Connection terminated/i.test(message))
    return new AppError(
      'UNAVAILABLE',
      `Le serveur PostgreSQL ne répond pas${target} : vérifiez son adresse et son port, qu’il est démarré et que le réseau ou le pare-feu laisse passer la connexion.`,
    )
  if (code === '28P01' || code === '28000' || /password must be a string|SASL/i.test(message))
    return new AppError(
      'UNAVAILABLE',
      `Le serveur PostgreSQL refuse la connexion${target} : utilisateur ou mot de passe incorrect, ou accès non autorisé depuis ce poste (pg_hba.conf). Le mot de passe se donne dans l’adresse, par PGPASSWORD ou dans le fichier .pgpass.`,
    )
  if (code === '3D000')
    return new AppError(
      'UNAVAILABLE',
      `La base PostgreSQL n’existe pas sur ce serveur${target} : vérifiez son nom, ou faites-la créer par l’administrateur du serveur.`,
    )
  if (
    /SSL|TLS|certificate|self[- ]signed/i.test(message) ||
    code.startsWith('ERR_TLS') ||
    code.includes('CERT')
  )
    return new AppError(
      'UNAVAILABLE',
      `Connexion chiffrée au serveur PostgreSQL impossible${target} : vérifiez le paramètre sslmode et le certificat de l’autorité (sslrootcert).`,
    )
  switch (code) {
    // serialization_failure, deadlock_detected, lock_not_available, query_canceled (statement or lock timeout)
    case '40001':
    case '40P01':
    case '55P03':
    case '57014':
      return busyError()
    case '53100':
      return new AppError(
        'UNAVAILABLE',
        `Enregistrement impossible, le disque du serveur PostgreSQL est plein : ${NOTHING_SAVED}. Prévenez l’administrateur du serveur.`,
      )
    case '57P01':
    case '57P02':
    case '57P03':
      return new AppError(
        'UNAVAILABLE',
        `Le serveur PostgreSQL s’arrête ou redémarre : ${NOTHING_SAVED}. Réessayez dans un instant.`,
      )
    case '25006':
      return new AppError(
        'UNAVAILABLE',
        `Le serveur PostgreSQL est en lecture seule (serveur de secours) : ${NOTHING_SAVED}.`,
      )
    default:
      return null
  }
}
