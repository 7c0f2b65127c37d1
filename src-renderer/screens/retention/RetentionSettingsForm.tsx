import { Button, Fieldset, Group, NumberInput, SimpleGrid } from '@mantine/core'
import { RETENTION_LIMITS, type RetentionSettings } from '@shared/contract/retention'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'
import { RETENTION_KEY } from './keys'

const FIELDS: { key: keyof RetentionSettings; label: string; description: string }[] = [
  {
    key: 'years',
    label: 'Après le départ de l’enfant (années)',
    description: 'Dossier de l’enfant, puis de la famille quand aucun enfant ne reste. 3 ans au plus (CNIL).',
  },
  {
    key: 'auditYears',
    label: 'Journal d’audit (années)',
    description: 'Délai de prescription des délits : 6 ans.',
  },
  {
    key: 'healthAccessYears',
    label: 'Traces de consultation des données de santé (années)',
    description: 'La CNIL recommande de 6 mois à 1 an pour les traces d’accès.',
  },
  {
    key: 'backupDays',
    label: 'Sauvegardes (jours)',
    description: 'Les copies du dossier des sauvegardes plus anciennes sont supprimées par le plan.',
  },
]

export function RetentionSettingsForm({ settings }: { settings: RetentionSettings }) {
  const client = useQueryClient()
  const [values, setValues] = useState<Record<keyof RetentionSettings, number | string>>(settings)
  const action = useAction()
  const save = (event: React.FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      await api.retention.updateSettings({
        years: Number(values.years),
        auditYears: Number(values.auditYears),
        healthAccessYears: Number(values.healthAccessYears),
        backupDays: Number(values.backupDays),
      })
      await client.invalidateQueries({ queryKey: RETENTION_KEY })
      await client.invalidateQueries({ queryKey: ['settings'] })
    }, 'Durées de conservation enregistrées.')
  }
  return (
    <form onSubmit={save} noValidate>
      <Fieldset legend="Durées de conservation">
        {action.failure !== null && <SaveFailure error={action.failure} />}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {FIELDS.map((f) => (
            <NumberInput
              key={f.key}
              label={f.label}
              description={f.description}
              min={RETENTION_LIMITS[f.key].min}
              max={RETENTION_LIMITS[f.key].max}
              allowDecimal={false}
              value={values[f.key]}
              onChange={(v) => setValues((old) => ({ ...old, [f.key]: v }))}
            />
          ))}
        </SimpleGrid>
        <Group mt="md">
          <Button type="submit" variant="default" loading={action.busy}>
            Enregistrer les durées
          </Button>
        </Group>
      </Fieldset>
    </form>
  )
}
