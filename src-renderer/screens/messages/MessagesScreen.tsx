import { Stack, Tabs, Title } from '@mantine/core'
import { useSearchParams } from 'react-router'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { ComposePanel } from './ComposePanel'
import { MessagesListPanel } from './MessagesListPanel'

/** Messages (docs/messages.md): writing to families, and every message with its state. */
export function MessagesScreen() {
  useDocumentTitle('Messages')
  const [params] = useSearchParams()
  const familyId = Number(params.get('famille')) || null
  return (
    <Stack>
      <Title order={2}>Messages</Title>
      <Tabs defaultValue={familyId ? 'write' : 'list'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="list">Messages</Tabs.Tab>
          <Tabs.Tab value="write">Écrire</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <MessagesListPanel />
        </Tabs.Panel>
        <Tabs.Panel value="write" pt="md">
          <ComposePanel familyId={familyId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}
