import { Center, Loader } from '@mantine/core'
import { onlineManager, type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useCallback, useEffect, useMemo } from 'react'
import { api, setSessionLostHandler } from '../api/client'
import { ErrorScreen } from '../components/ErrorScreen'
import { STARTUP_STATE_KEY } from '../screens/server/ServerStartupGate'
import { FirstStartScreen } from './FirstStartScreen'
import { LockOverlay } from './LockOverlay'
import { ProvisionalPasswordScreen } from './ProvisionalPasswordScreen'
import { SignInScreen } from './SignInScreen'
import { SessionContext } from './session-context'
import { useIdleLock } from './useIdleLock'

export const AUTH_STATUS_KEY = ['auth', 'status'] as const

/** The answers that are not the staff member's: who is signed in, and which database this start opened. */
const kept = (key: readonly unknown[]) =>
  key[0] === AUTH_STATUS_KEY[0] || (key[0] === STARTUP_STATE_KEY[0] && key[1] === STARTUP_STATE_KEY[1])

/**
 * Drops every cached answer of the signed-out staff member, then asks who is
 * signed in. The start-up state stays: dropping it would unmount the whole
 * window under ServerStartupGate while it is asked again.
 */
async function forgetSession(queryClient: QueryClient): Promise<void> {
  onlineManager.setOnline(true)
  queryClient.removeQueries({ predicate: (query) => !kept(query.queryKey) })
  await queryClient.refetchQueries({ queryKey: AUTH_STATUS_KEY })
}

/**
 * Shows the first-start screen, the sign-in screen, the choice of one's own
 * password after a provisional one, or the app once signed in. After the set
 * time without activity the window locks itself: the screen stays mounted
 * under the password prompt, and its queries wait (docs/comptes.md).
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const status = useQuery({
    queryKey: AUTH_STATUS_KEY,
    queryFn: () => api.auth.status({}),
    // Asked even while the locked window holds the other queries back.
    networkMode: 'always',
  })

  useEffect(() => {
    setSessionLostHandler(() => void forgetSession(queryClient))
  }, [queryClient])

  const staff = status.data?.staff ?? null
  const locked = status.data?.locked ?? false
  const signOut = useCallback(async () => {
    await api.auth.logout({})
    await forgetSession(queryClient)
  }, [queryClient])
  const refresh = useCallback(async () => {
    await queryClient.refetchQueries({ queryKey: AUTH_STATUS_KEY })
  }, [queryClient])
  const value = useMemo(() => staff && { staff, signOut }, [staff, signOut])

  // While locked, every other query and mutation is held (paused), then resumes as it was.
  useEffect(() => {
    onlineManager.setOnline(!locked)
  }, [locked])
  const lock = useCallback(() => {
    void api.auth.lock({}).finally(refresh)
  }, [refresh])
  useIdleLock(status.data?.lockMinutes ?? 15, Boolean(staff) && !locked && !staff?.mustChangePassword, lock)

  if (status.isPending)
    return (
      <Center h="100%">
        <Loader aria-label="Chargement" />
      </Center>
    )
  if (status.isError) return <ErrorScreen error={status.error} onRetry={() => status.refetch()} />
  if (status.data.needsSetup) return <FirstStartScreen />
  if (!value) return <SignInScreen />
  if (value.staff.mustChangePassword)
    return <ProvisionalPasswordScreen onChanged={refresh} onSignOut={signOut} />
  return (
    <SessionContext.Provider value={value}>
      {children}
      {locked && (
        <LockOverlay displayName={value.staff.displayName} onUnlocked={refresh} onSignOut={signOut} />
      )}
    </SessionContext.Provider>
  )
}
