import { Center, Group, Image, Paper, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/** The frame of the sign-in and first-start screens. */
export function AuthCard({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <Center h="100%" bg="gray.1">
      <Paper shadow="sm" p="xl" w={440} withBorder>
        <Stack>
          <Group gap="sm">
            <Image src="./icon.png" w={40} h={40} alt="" />
            <div>
              <Title order={2}>Marelle</Title>
              <Text size="sm" c="dimmed">
                Service enfance jeunesse
              </Text>
            </div>
          </Group>
          <Title order={3}>{title}</Title>
          <Text size="sm">{intro}</Text>
          {children}
        </Stack>
      </Paper>
    </Center>
  )
}
