import { Alert, Badge, Group, Paper, Stack, Text } from '@mantine/core'
import type { ChildFile } from '@shared/contract/children'
import { VACCINE_DISEASES } from '@shared/domain/health'
import { labelOf } from '@shared/domain/options'
import { type VaccineStatus, vaccineStatus } from '@shared/domain/vaccine-status'
import { formatDay } from '@shared/format/date'

const today = () => new Date().toISOString().slice(0, 10)

/** The status vaccineStatus() gives for the child's record, as stored. */
function statusOf(child: ChildFile): VaccineStatus {
  const birth = child.values.date_de_naissance
  const admitted = child.values.admission_provisoire_le
  return vaccineStatus({
    birthDate: typeof birth === 'string' ? birth : null,
    admittedOn: typeof admitted === 'string' ? admitted : null,
    today: today(),
    vaccinations: (child.health?.vaccinations ?? []).map((v) => ({
      name: String(v.values.vaccin ?? ''),
      date: String(v.values.date ?? ''),
      diseases: v.diseases.length > 0 ? v.diseases : null,
    })),
  })
}

function Countdown({ status }: { status: VaccineStatus }) {
  if (status.complete) return null
  const provisional = status.provisional
  if (!provisional)
    return (
      <Alert color="orange" variant="light" title="Vaccinations obligatoires incomplètes">
        L’enfant peut être admis provisoirement : la famille a alors 3 mois pour faire les vaccinations
        manquantes. Renseignez « Admission provisoire le » ci-dessous pour suivre ce délai.
      </Alert>
    )
  const days = provisional.daysLeft
  if (provisional.overdue)
    return (
      <Alert color="red" variant="light" title="Délai de l’admission provisoire dépassé">
        Les vaccinations manquantes devaient être faites avant le {formatDay(provisional.deadline)} (il y a{' '}
        {-days} jour{-days > 1 ? 's' : ''}).
      </Alert>
    )
  return (
    <Alert color="yellow" variant="light" title="Admission provisoire en cours">
      Il reste {days} jour{days > 1 ? 's' : ''} pour faire les vaccinations manquantes : jusqu’au{' '}
      {formatDay(provisional.deadline)}.
    </Alert>
  )
}

function summary(status: VaccineStatus, birth: string | null): string {
  const n = status.mandatory.length
  const rule = birth
    ? `Né(e) le ${formatDay(birth)} : ${n} vaccinations obligatoires`
    : `Date de naissance inconnue : les ${n} vaccinations obligatoires sont demandées`
  const missing = status.missing.length
  return `${rule}, ${status.complete ? 'toutes faites' : `${missing} manquante${missing > 1 ? 's' : ''}`}.`
}

/** Which mandatory vaccinations the child has for its birth date, which it lacks, and the 3-month countdown. */
export function VaccineStatusCard({ child }: { child: ChildFile }) {
  const status = statusOf(child)
  const birth = child.values.date_de_naissance
  return (
    <Paper withBorder p="md" aria-label="Vaccinations obligatoires">
      <Stack gap="sm">
        <Text fw={500}>{summary(status, typeof birth === 'string' ? birth : null)}</Text>
        <Group gap={6}>
          {status.mandatory.map((disease) => {
            const covered = status.covered.includes(disease)
            return (
              <Badge key={disease} color={covered ? 'teal' : 'red'} variant={covered ? 'light' : 'filled'}>
                {covered ? '✓' : '✗'} {labelOf(VACCINE_DISEASES, disease)}
              </Badge>
            )
          })}
        </Group>
        {status.unrecognised.length > 0 && (
          <Text size="sm" c="orange">
            Vaccin hors catalogue, à vérifier sur le carnet de santé : {status.unrecognised.join(', ')}.
          </Text>
        )}
        <Countdown status={status} />
      </Stack>
    </Paper>
  )
}
