import { execFileSync } from 'node:child_process'
import { ADMIN, createAdmin, type Host } from './host'

const API_SESSION = 'e2e-families-session-0001'

type Call = (channel: string, input: unknown) => Promise<unknown>

export interface TestFamily {
  familyId: number
  childId: number
  /** Calls a channel as the administrator, as another staff member's screen would. */
  call: Call
}

/**
 * The demo data of `marelle demo` (the seed's TEST family exactly as the
 * portal shows it, and synthetic families around it to search among), with
 * the administrator signed in on an API session.
 */
export async function demoWithTestFamily(host: Host, families = 40): Promise<TestFamily> {
  execFileSync(
    process.execPath,
    ['bin/marelle.js', '--db', host.dbPath, 'demo', '--families', String(families)],
    {
      stdio: 'pipe',
    },
  )
  await createAdmin(host)
  await host.api('auth/login', { login: ADMIN.login, password: ADMIN.password }, API_SESSION)
  const call: Call = (channel, input) => host.api(channel, input, API_SESSION)
  const family = (await call('families/getByNumber', { number: '383304832264' })) as { id: number }
  const child = (await call('children/getByIdentifier', { identifier: '383306398666' })) as { id: number }
  return { familyId: family.id, childId: child.id, call }
}
