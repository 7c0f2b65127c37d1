import { Center, Loader } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { api } from '../../api/client'
import { ErrorScreen } from '../../components/ErrorScreen'
import { RecoveryScreen } from './RecoveryScreen'

export const LOCK_STATE_KEY = ['encryption', 'lockState'] as const

/** Before the sign-in: when the key of this desktop cannot open the database, the recovery key is asked first. */
export function EncryptionGate({ children }: { children: ReactNode }) {
  const state = useQuery({
    queryKey: LOCK_STATE_KEY,
    queryFn: () => api.encryption.lockState({}),
    networkMode: 'always',
    staleTime: Number.POSITIVE_INFINITY,
  })
  if (state.isPending)
    return (
      <Center h="100%">
        <Loader aria-label="Chargement" />
      </Center>
    )
  if (state.isError) return <ErrorScreen error={state.error} onRetry={() => state.refetch()} />
  if (state.data.locked) return <RecoveryScreen onOpened={() => state.refetch()} />
  return children
}
