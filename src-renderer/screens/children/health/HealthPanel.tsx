import { Alert, Badge, Group, Stack, Title } from '@mantine/core'
import type { ChildFile, VaccinationView } from '@shared/contract/children'
import { VACCINE_DISEASES } from '@shared/domain/health'
import { labelOf } from '@shared/domain/options'
import { CHILD_HEALTH_FIELDS, HEALTH_CONDITION_FIELDS, VACCINATION_FIELDS } from '@shared/fields/index'
import { dayInFrance, formatDay } from '@shared/format/date'
import { IconAlarm } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../../api/client'
import { RecordList } from '../../../components/RecordList'
import { type FormSection, RecordForm } from '../../../fields/RecordForm'
import { useChildList, useChildUpdater } from '../child-query'
import { overdueBoosters } from './overdue-boosters'
import { PaiWarning } from './PaiWarning'
import { VaccineStatusCard } from './VaccineStatusCard'

const HEALTH_SECTIONS: FormSection[] = [
  { title: 'PAI', keys: ['pai', 'pai_valable_jusqu_au', 'pai_panier_repas', 'pai_details'] },
  { title: 'Repas et soins', keys: ['regime_alimentaire', 'soins_particuliers'] },
  { title: 'Médecin traitant', keys: ['medecin_traitant', 'telephone_medecin'] },
  { title: 'Fiche sanitaire et vaccinations', keys: ['fiche_sanitaire_le', 'admission_provisoire_le'] },
]

function Diseases({ vaccination, overdue }: { vaccination: VaccinationView; overdue: boolean }) {
  const late = overdue && (
    <Badge size="sm" variant="filled" color="red">
      Rappel en retard
    </Badge>
  )
  if (vaccination.diseases.length === 0)
    return (
      <Group gap={4}>
        {late}
        <Badge size="sm" variant="light" color="gray">
          Vaccin hors catalogue
        </Badge>
      </Group>
    )
  return (
    <Group gap={4}>
      {late}
      {vaccination.diseases.map((d) => (
        <Badge key={d} size="sm" variant="light">
          {labelOf(VACCINE_DISEASES, d)}
        </Badge>
      ))}
    </Group>
  )
}

/** Vaccinations, allergies, diseases, contraindications, PAI, diet and doctor: only for roles that see health data. */
export function HealthPanel({ child }: { child: ChildFile }) {
  const { saved, reload } = useChildUpdater(child.id)
  const health = child.health!
  const vaccinations = useChildList(child, 'vaccinations')
  const conditions = useChildList(child, 'healthConditions')
  const catalogue = useQuery({
    queryKey: ['vaccines', 'catalogue'],
    queryFn: () => api.vaccines.catalogue({}),
    staleTime: Number.POSITIVE_INFINITY,
  })
  const overdue = overdueBoosters(health.vaccinations, dayInFrance(new Date()))
  const update = async (patch: Record<string, unknown>) =>
    saved(await api.children.update({ id: child.id, version: child.version, patch }))
  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Title order={4}>Vaccinations</Title>
        <VaccineStatusCard child={child} />
        {overdue.length > 0 && (
          <Alert color="red" icon={<IconAlarm />} title="Rappel de vaccin en retard" role="status">
            {overdue
              .map(
                (v) =>
                  `${v.productName ?? v.values.vaccin} : rappel prévu le ${formatDay(String(v.values.date_rappel))}`,
              )
              .join(' ; ')}
            . Demandez à la famille le carnet de vaccination à jour.
          </Alert>
        )}
        <RecordList
          records={health.vaccinations}
          fields={VACCINATION_FIELDS}
          columns={['vaccin', 'date', 'dose', 'lot', 'date_rappel', 'medecin']}
          suggestions={{ vaccin: (catalogue.data ?? []).map((p) => p.name) }}
          extra={{
            header: 'Protège contre',
            cell: (record) => (
              <Diseases
                vaccination={record as VaccinationView}
                overdue={overdue.some((v) => v.id === record.id)}
              />
            ),
          }}
          labels={{
            noun: 'vaccination',
            add: 'Ajouter une vaccination',
            saved: 'Vaccination enregistrée.',
            deleted: 'Vaccination supprimée.',
            empty: 'Aucune vaccination enregistrée.',
          }}
          {...vaccinations}
        />
      </Stack>
      <Stack gap="sm">
        <Title order={4}>Allergies, maladies et contre-indications</Title>
        <RecordList
          records={health.conditions}
          fields={HEALTH_CONDITION_FIELDS}
          columns={['type', 'libelle', 'allergene', 'details']}
          labels={{
            noun: 'donnée de santé',
            add: 'Ajouter une allergie, une maladie ou une contre-indication',
            saved: 'Donnée de santé enregistrée.',
            deleted: 'Donnée de santé supprimée.',
            empty: 'Aucune allergie, maladie ni contre-indication enregistrée.',
          }}
          {...conditions}
        />
      </Stack>
      <Stack gap="sm">
        <Title order={4}>PAI, régime alimentaire et suivi médical</Title>
        <PaiWarning child={child} />
        <RecordForm
          fields={CHILD_HEALTH_FIELDS}
          values={child.values}
          version={child.version}
          onSave={update}
          onReload={reload}
          savedMessage="Données de santé enregistrées."
          sections={HEALTH_SECTIONS}
        />
      </Stack>
    </Stack>
  )
}
