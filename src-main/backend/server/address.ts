import type { ServerSetting } from '@shared/contract/server'

// The postgres:// address of a setting, as openPostgres and the command line
// take it. sslmode keeps libpq's meaning (uselibpqcompat): « exigé » encrypts
// without checking the certificate, « vérification complète » checks it
// against the CA file and the server's name.

function hostPart(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '')
  return bare.includes(':') ? `[${bare}]` : bare
}

function query(setting: ServerSetting, withCa: boolean): string {
  const params = new URLSearchParams({ sslmode: setting.sslmode })
  if (setting.sslmode !== 'disable') params.set('uselibpqcompat', 'true')
  if (withCa && setting.sslmode !== 'disable' && setting.caFile) params.set('sslrootcert', setting.caFile)
  return params.toString()
}

/** The address to connect with; without `password`, pg reads PGPASSWORD or .pgpass itself. */
export function connectionUrl(setting: ServerSetting, password: string | null): string {
  const user = encodeURIComponent(setting.user)
  const secret = password ? `:${encodeURIComponent(password)}` : ''
  return `postgres://${user}${secret}@${hostPart(setting.host)}:${setting.port}/${encodeURIComponent(setting.database)}?${query(setting, true)}`
}

/** The address to show and to type in `marelle --db … migrate` (with the owner's name): never the password. */
export function displayUrl(setting: ServerSetting): string {
  return connectionUrl(setting, null)
}
