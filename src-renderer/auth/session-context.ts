import type { SignedInStaff } from '@shared/contract/auth'
import { createContext, useContext } from 'react'

export interface SessionValue {
  staff: SignedInStaff
  signOut(): Promise<void>
}

export const SessionContext = createContext<SessionValue | null>(null)

/** The signed-in staff member; only under AuthGate. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside AuthGate')
  return value
}
