import { Alert, Stack, Text, Title } from '@mantine/core'
import { hasRole } from '@shared/roles'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { useSession } from '../../auth/session-context'
import { RETENTION_KEY } from './keys'
import { PlanPanel } from './PlanPanel'
import { RetentionSettingsForm } from './RetentionSettingsForm'

/**
 * « Conservation des données » (docs/conservation.md): the retention periods,
 * then a plan of what would be anonymised or deleted today, counted per table
 * and without any name, which the administrator applies.
 */
export function RetentionScreen() {
  useDocumentTitle('Conservation des données')
  const { staff } = useSession()
  const admin = hasRole(staff.role, 'administrateur')
  const overview = useQuery({
    queryKey: RETENTION_KEY,
    queryFn: () => api.retention.overview({}),
    enabled: admin,
  })
  return (
    <Stack maw={980}>
      <Title order={2}>Conservation des données</Title>
      {!admin ? (
        <Alert color="gray">Cet écran est réservé aux administrateurs.</Alert>
      ) : overview.isError ? (
        <Alert color="red">{overview.error.message}</Alert>
      ) : overview.data ? (
        <>
          <Text size="sm" c="dimmed">
            La CNIL demande d’effacer ou d’anonymiser le dossier d’un enfant au plus tard trois ans après son
            départ. Préparez un plan : il compte, table par table, ce qui sera anonymisé ou supprimé, sans
            aucun nom. Son application est précédée d’une sauvegarde et inscrite au journal d’audit.
          </Text>
          <RetentionSettingsForm settings={overview.data.settings} />
          <PlanPanel latest={overview.data.latest} />
        </>
      ) : null}
    </Stack>
  )
}
