import { Box, Center, Loader } from '@mantine/core'
import { hasRole } from '@shared/roles'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { useSession } from '../../auth/session-context'
import { RecoveryKeySheet } from './RecoveryKeySheet'

export const PENDING_RECOVERY_KEY = ['encryption', 'pendingRecoveryKey'] as const

function PendingSheet({
  view,
  onKept,
}: {
  view: Parameters<typeof RecoveryKeySheet>[0]['view']
  onKept(): Promise<unknown>
}) {
  useDocumentTitle('Clé de secours')
  return (
    <Box p="xl" h="100%" style={{ overflow: 'auto' }}>
      <RecoveryKeySheet
        view={view}
        intro="La base de données de Marelle est chiffrée. Voici sa clé de secours : imprimez-la ou notez-la avant de continuer. Elle sera montrée à chaque connexion d’un administrateur tant que personne n’a confirmé la conserver."
        onKept={onKept}
      />
    </Box>
  )
}

/**
 * After the first start, the first administrator to sign in sees the
 * recovery key before the app, and again at each administrator's sign-in
 * until one confirms keeping it (docs/chiffrement.md).
 */
export function RecoveryKeyNotice({ children }: { children: ReactNode }) {
  const { staff } = useSession()
  const isAdmin = hasRole(staff.role, 'administrateur')
  const queryClient = useQueryClient()
  const pending = useQuery({
    queryKey: [...PENDING_RECOVERY_KEY, staff.id],
    queryFn: () => api.encryption.pendingRecoveryKey({}),
    enabled: isAdmin,
    staleTime: Number.POSITIVE_INFINITY,
  })
  if (!isAdmin) return children
  if (pending.isPending)
    return (
      <Center h="100%">
        <Loader aria-label="Chargement" />
      </Center>
    )
  // A failure to read it must not keep the administrator out of the app.
  if (pending.isError || pending.data === null) return children
  return (
    <PendingSheet
      view={pending.data}
      onKept={async () => {
        await api.encryption.acknowledgeRecoveryKey({ kept: true })
        await queryClient.invalidateQueries({ queryKey: PENDING_RECOVERY_KEY })
      }}
    />
  )
}
