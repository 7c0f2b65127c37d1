import { Center, Loader } from '@mantine/core'
import type { Output } from '@shared/contract/index'
import { onlineManager, type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useCallback, useEffect, useMemo, useRef } from 'react'
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

const SETTLE_WAIT_MS = 5000

/**
 * Holds every new request back, then waits (at most a few seconds) for those
 * already sent: none of them may reach the back-end after the session is gone
 * or locked, where it would be refused.
 */
async function settle(queryClient: QueryClient): Promise<void> {
  onlineManager.setOnline(false)
  const until = Date.now() + SETTLE_WAIT_MS
  const busy = () =>
    queryClient.isFetching({ predicate: (query) => !kept(query.queryKey) }) > 0 ||
    queryClient.isMutating({ predicate: (mutation) => !mutation.state.isPaused }) > 0
  while (busy() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
}

/**
 * Drops every cached answer of the signed-out staff member, and the changes a
 * locked window held back (sent now, they would be refused, or be the next
 * member's), then lets requests go again. Called once the screens that asked
 * them are unmounted, so that no mounted screen asks them again with the
 * session that is gone. The start-up state stays: dropping it would unmount
 * the whole window under ServerStartupGate while it is asked again.
 */
function forgetSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => !kept(query.queryKey) })
  queryClient.getMutationCache().clear()
  onlineManager.setOnline(true)
}

/** Asks who is signed in; if the staff member still is (the sign-out did not reach the back-end), requests go again. */
async function recheck(queryClient: QueryClient): Promise<void> {
  await queryClient.refetchQueries({ queryKey: AUTH_STATUS_KEY })
  const status = queryClient.getQueryData<Output<'auth/status'>>(AUTH_STATUS_KEY)
  if (status?.staff && !status.locked) onlineManager.setOnline(true)
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
    setSessionLostHandler(() => {
      onlineManager.setOnline(false)
      void recheck(queryClient)
    })
  }, [queryClient])

  const staff = status.data?.staff ?? null
  const locked = status.data?.locked ?? false
  const signOut = useCallback(async () => {
    await settle(queryClient)
    try {
      await api.auth.logout({})
    } finally {
      await recheck(queryClient)
    }
  }, [queryClient])
  const refresh = useCallback(async () => {
    await queryClient.refetchQueries({ queryKey: AUTH_STATUS_KEY })
  }, [queryClient])
  const value = useMemo(() => staff && { staff, signOut }, [staff, signOut])

  // Signed out (or the session lost): the screens are unmounted by now, their answers go.
  // Before the effect below, which lets requests go again when a locked window is signed out.
  const signedIn = Boolean(staff)
  const wasSignedIn = useRef(false)
  useEffect(() => {
    if (wasSignedIn.current && !signedIn) forgetSession(queryClient)
    wasSignedIn.current = signedIn
  }, [signedIn, queryClient])

  // While locked, every other query and mutation is held (paused), then resumes as it was.
  useEffect(() => {
    onlineManager.setOnline(!locked)
  }, [locked])
  // What is on its way ends first: a save or an answer sent just before would be refused once locked.
  const lock = useCallback(() => {
    void settle(queryClient)
      .then(() => api.auth.lock({}))
      .finally(() => recheck(queryClient))
  }, [queryClient])
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
