import { Alert, Button, Checkbox, Group, Loader, NumberInput, Stack, Text } from '@mantine/core'
import { LOCK_MINUTES_RANGE } from '@shared/contract/settings'
import { ROLE_LABELS, ROLES, type Role } from '@shared/roles'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api } from '../../api/client'
import { AUTH_STATUS_KEY } from '../../auth/AuthGate'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'

function RolesChoice({
  label,
  description,
  value,
  onChange,
  nobody,
}: {
  label: string
  description: string
  value: Role[]
  onChange: (roles: Role[]) => void
  nobody: string
}) {
  return (
    <div>
      <Checkbox.Group
        label={label}
        description={description}
        value={value}
        onChange={(v) => onChange(v as Role[])}
      >
        <Stack gap="xs" mt="xs">
          {ROLES.map((role) => (
            <Checkbox key={role} value={role} label={ROLE_LABELS[role]} />
          ))}
        </Stack>
      </Checkbox.Group>
      {value.length === 0 && (
        <Text size="sm" c="orange" mt="xs">
          {nobody}
        </Text>
      )}
    </div>
  )
}

/**
 * Who sees children's health data and families' bank and tax figures, how
 * long files are kept after a child leaves (CNIL), and after how long
 * without activity the window locks itself (docs/comptes.md).
 */
export function HealthSettingsPanel() {
  const client = useQueryClient()
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.settings.get({}) })
  const [roles, setRoles] = useState<Role[]>([])
  const [financeRoles, setFinanceRoles] = useState<Role[]>([])
  const [years, setYears] = useState<number | string>(3)
  const [lockMinutes, setLockMinutes] = useState<number | string>(15)
  const action = useAction()
  useEffect(() => {
    if (!settings.data) return
    setRoles(settings.data.healthRoles)
    setFinanceRoles(settings.data.financeRoles)
    setYears(settings.data.retentionYears)
    setLockMinutes(settings.data.lockMinutes)
  }, [settings.data])
  if (settings.isPending) return <Loader size="sm" />
  if (settings.isError) return <Alert color="red">{settings.error.message}</Alert>
  const save = (event: React.FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      const saved = await api.settings.update({
        healthRoles: roles,
        financeRoles,
        retentionYears: Number(years),
        lockMinutes: Number(lockMinutes),
      })
      client.setQueryData(['settings'], saved)
      void client.invalidateQueries({ queryKey: ['child'] })
      void client.invalidateQueries({ queryKey: ['family'] })
      void client.invalidateQueries({ queryKey: AUTH_STATUS_KEY })
    }, 'Paramètres enregistrés.')
  }
  return (
    <form onSubmit={save} noValidate>
      <Stack maw={620}>
        {action.failure !== null && <SaveFailure error={action.failure} />}
        <RolesChoice
          label="Rôles qui voient les données de santé des enfants"
          description="Vaccinations, allergies, maladies, PAI, régime, médecin. Chaque consultation est inscrite dans l’historique de l’enfant. Valider un dossier demande ce droit."
          value={roles}
          onChange={setRoles}
          nobody="Personne ne verra plus les données de santé."
        />
        <RolesChoice
          label="Rôles qui voient les coordonnées bancaires et les données fiscales"
          description="IBAN, BIC, titulaire, mandat de prélèvement, revenu fiscal de référence, nombre de parts : à l’écran comme dans l’export CSV."
          value={financeRoles}
          onChange={setFinanceRoles}
          nobody="Personne ne verra plus les coordonnées bancaires ni les données fiscales."
        />
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
        <NumberInput
          label="Verrouillage de la fenêtre après inactivité (minutes)"
          description="Sans clic ni frappe pendant ce temps, Marelle demande à nouveau le mot de passe, sans perdre l’écran en cours."
          min={LOCK_MINUTES_RANGE.min}
          max={LOCK_MINUTES_RANGE.max}
          allowDecimal={false}
          value={lockMinutes}
          onChange={setLockMinutes}
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
