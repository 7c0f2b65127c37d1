import { Alert, Button, Checkbox, Group, Loader, NumberInput, Stack, Text } from '@mantine/core'
import { ROLE_LABELS, ROLES, type Role } from '@shared/roles'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'

/** Who sees children's health data, and how long files are kept after a child leaves (CNIL). */
export function HealthSettingsPanel() {
  const client = useQueryClient()
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.settings.get({}) })
  const [roles, setRoles] = useState<Role[]>([])
  const [years, setYears] = useState<number | string>(3)
  const action = useAction()
  useEffect(() => {
    if (!settings.data) return
    setRoles(settings.data.healthRoles)
    setYears(settings.data.retentionYears)
  }, [settings.data])
  if (settings.isPending) return <Loader size="sm" />
  if (settings.isError) return <Alert color="red">{settings.error.message}</Alert>
  const save = (event: React.FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      const saved = await api.settings.update({ healthRoles: roles, retentionYears: Number(years) })
      client.setQueryData(['settings'], saved)
      void client.invalidateQueries({ queryKey: ['child'] })
    }, 'Paramètres enregistrés.')
  }
  return (
    <form onSubmit={save} noValidate>
      <Stack maw={620}>
        {action.failure !== null && <SaveFailure error={action.failure} />}
        <Checkbox.Group
          label="Rôles qui voient les données de santé des enfants"
          description="Vaccinations, allergies, maladies, PAI, régime, médecin. Chaque consultation est inscrite dans l’historique de l’enfant."
          value={roles}
          onChange={(v) => setRoles(v as Role[])}
        >
          <Stack gap="xs" mt="xs">
            {ROLES.map((role) => (
              <Checkbox key={role} value={role} label={ROLE_LABELS[role]} />
            ))}
          </Stack>
        </Checkbox.Group>
        {roles.length === 0 && (
          <Text size="sm" c="orange">
            Personne ne verra plus les données de santé.
          </Text>
        )}
        <NumberInput
          label="Durée de conservation après le départ de l’enfant (années)"
          description="La CNIL demande d’effacer ou d’anonymiser les dossiers au plus tard 3 ans après le départ."
          min={1}
          max={3}
          allowDecimal={false}
          value={years}
          onChange={setYears}
          maw={480}
        />
        <Group>
          <Button type="submit" loading={action.busy}>
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
