import { Alert, List, Stack, Title } from '@mantine/core'
import { IconTools } from '@tabler/icons-react'
import { useDocumentTitle } from '../../app/useDocumentTitle'

/** A screen not built yet: says what it will hold, shows no data. */
export function UpcomingScreen({ title, holds }: { title: string; holds: string[] }) {
  useDocumentTitle(title)
  return (
    <Stack maw={760}>
      <Title order={2}>{title}</Title>
      <Alert icon={<IconTools />} title="Écran en préparation" color="gray" variant="light">
        Cet écran n’est pas encore disponible dans cette version. Il contiendra :
        <List mt="xs" size="sm" spacing={4}>
          {holds.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      </Alert>
    </Stack>
  )
}
