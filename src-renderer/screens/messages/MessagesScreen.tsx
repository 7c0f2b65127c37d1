import { Stack, Tabs, Title } from '@mantine/core'
import { hasRole } from '@shared/roles'
import { useSearchParams } from 'react-router'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { useSession } from '../../auth/session-context'
import { ComposePanel } from './ComposePanel'
import { MessagesListPanel } from './MessagesListPanel'
import { TemplatesPanel } from './TemplatesPanel'

/** Messages (docs/messages.md): writing to families, and every message with its state. */
export function MessagesScreen() {
  useDocumentTitle('Messages')
  const [params] = useSearchParams()
  const familyId = Number(params.get('famille')) || null
  const { staff } = useSession()
  const editsTemplates = hasRole(staff.role, 'responsable')
  return (
    <Stack>
      <Title order={2}>Messages</Title>
      <Tabs defaultValue={familyId ? 'write' : 'list'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="list">Messages</Tabs.Tab>
          <Tabs.Tab value="write">Écrire</Tabs.Tab>
          {editsTemplates && <Tabs.Tab value="templates">Modèles</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="list" pt="md">
          <MessagesListPanel />
        </Tabs.Panel>
        <Tabs.Panel value="write" pt="md">
          <ComposePanel familyId={familyId} />
        </Tabs.Panel>
        {editsTemplates && (
          <Tabs.Panel value="templates" pt="md">
            <TemplatesPanel />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  )
}
