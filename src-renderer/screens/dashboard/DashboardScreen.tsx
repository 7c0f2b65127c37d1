import { Alert, Stack, Text, Title } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { useSession } from '../../auth/session-context'
import { CompletenessCard } from '../children/CompletenessCard'

export function DashboardScreen() {
  useDocumentTitle('Tableau de bord')
  const { staff } = useSession()
  return (
    <Stack maw={760}>
      <Title order={2}>Tableau de bord</Title>
      <Text>Bonjour {staff.displayName}.</Text>
      <CompletenessCard />
      <Alert icon={<IconInfoCircle />} color="gray" variant="light" title="À venir">
        Le tableau de bord affichera le nombre de demandes en attente par type, dès que cet écran sera
        disponible.
      </Alert>
    </Stack>
  )
}
