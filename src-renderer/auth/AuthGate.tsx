import { Center, Loader } from '@mantine/core'
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useEffect, useMemo } from 'react'
import { api, setSessionLostHandler } from '../api/client'
import { ErrorScreen } from '../components/ErrorScreen'
import { FirstStartScreen } from './FirstStartScreen'
import { SignInScreen } from './SignInScreen'
import { SessionContext } from './session-context'

export const AUTH_STATUS_KEY = ['auth', 'status'] as const

/** Drops every cached answer of the signed-out staff member, then asks who is signed in. */
async function forgetSession(queryClient: QueryClient): Promise<void> {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== AUTH_STATUS_KEY[0] })
  await queryClient.refetchQueries({ queryKey: AUTH_STATUS_KEY })
}

/** Shows the first-start screen, the sign-in screen, or the app once signed in. */
export function AuthGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const status = useQuery({ queryKey: AUTH_STATUS_KEY, queryFn: () => api.auth.status({}) })

  useEffect(() => {
    setSessionLostHandler(() => void forgetSession(queryClient))
  }, [queryClient])

  const staff = status.data?.staff ?? null
  const value = useMemo(
    () =>
      staff && {
        staff,
        signOut: async () => {
          await api.auth.logout({})
          await forgetSession(queryClient)
        },
      },
    [staff, queryClient],
  )

  if (status.isPending)
    return (
      <Center h="100%">
        <Loader aria-label="Chargement" />
      </Center>
    )
  if (status.isError) return <ErrorScreen error={status.error} onRetry={() => status.refetch()} />
  if (status.data.needsSetup) return <FirstStartScreen />
  if (!value) return <SignInScreen />
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}
