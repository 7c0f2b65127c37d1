import { Button, Group, Stack } from '@mantine/core'
import { IconMail } from '@tabler/icons-react'
import { Link } from 'react-router'
import { MessagesListPanel } from './MessagesListPanel'

/** The family file's « Messages » tab: what the service wrote to the family, replies to requests included. */
export function FamilyMessagesPanel({ familyId }: { familyId: number }) {
  return (
    <Stack>
      <Group>
        <Button
          component={Link}
          to={`/messages?famille=${familyId}`}
          size="xs"
          variant="light"
          leftSection={<IconMail size={16} />}
        >
          Écrire à cette famille
        </Button>
      </Group>
      <MessagesListPanel familyId={familyId} />
    </Stack>
  )
}
