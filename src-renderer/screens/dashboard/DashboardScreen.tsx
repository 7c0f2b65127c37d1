import { Stack, Text, Title } from '@mantine/core'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { useSession } from '../../auth/session-context'
import { CompletenessCard } from '../children/CompletenessCard'
import { PendingRequestsCard } from '../requests/PendingRequestsCard'

export function DashboardScreen() {
  useDocumentTitle('Tableau de bord')
  const { staff } = useSession()
  return (
    <Stack maw={760}>
      <Title order={2}>Tableau de bord</Title>
      <Text>Bonjour {staff.displayName}.</Text>
      <PendingRequestsCard />
      <CompletenessCard />
    </Stack>
  )
}
