import { Button, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'

export function NotFoundScreen() {
  return (
    <Stack align="flex-start">
      <Title order={2}>Page introuvable</Title>
      <Text>Cette adresse ne correspond à aucun écran de Marelle.</Text>
      <Button component={Link} to="/">
        Retour au tableau de bord
      </Button>
    </Stack>
  )
}
