import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { ChildFile } from '@shared/contract/children'
import { CHILD_IDENTITY_FIELDS } from '@shared/fields/index'
import { formatInstantDay } from '@shared/format/date'
import { IconArrowLeft } from '@tabler/icons-react'
import { Link, useParams } from 'react-router'
import { api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { StaleFileBanner } from '../../changes/StaleFileBanner'
import { FileLoader } from '../../components/FileLoader'
import { FileTabs } from '../../components/FileTabs'
import { RecordForm } from '../../fields/RecordForm'
import { ChildAgendaPanel } from '../agenda/ChildAgendaPanel'
import { EnrolmentsPanel } from '../agenda/EnrolmentsPanel'
import { AuditView } from '../audit/AuditView'
import { AuthorizedPersonsPanel } from './AuthorizedPersonsPanel'
import { ChecklistPanel } from './ChecklistPanel'
import { childKey, useChild, useChildUpdater } from './child-query'
import { HealthPanel } from './health/HealthPanel'

function IdentityPanel({ child }: { child: ChildFile }) {
  const { saved, reload } = useChildUpdater(child.id)
  return (
    <RecordForm
      fields={CHILD_IDENTITY_FIELDS}
      values={child.values}
      version={child.version}
      onSave={async (patch) =>
        saved(await api.children.update({ id: child.id, version: child.version, patch }))
      }
      onReload={reload}
      savedMessage="Identité et scolarité enregistrées."
    />
  )
}

function Header({ child }: { child: ChildFile }) {
  const name = `${child.values.nom} ${child.values.prenom}`
  useDocumentTitle(name)
  return (
    <div>
      <Group gap="sm">
        <Title order={2}>{name}</Title>
        {child.validatedAt && !child.fileComplete ? (
          <Badge
            color="orange"
            variant="filled"
            title="Il manque désormais une pièce : voir l’onglet Dossier"
          >
            Validé le {formatInstantDay(child.validatedAt)}, n’est plus complet
          </Badge>
        ) : child.validatedAt ? (
          <Badge color="teal" variant="light">
            Dossier validé le {formatInstantDay(child.validatedAt)}
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Dossier non validé
          </Badge>
        )}
      </Group>
      <Text c="dimmed" size="sm">
        Identifiant {child.identifier} ·{' '}
        <Anchor component={Link} to={`/familles/${child.familyId}`} size="sm">
          Famille n° {child.familyNumber}
        </Anchor>
        {child.responsableName ? ` · Responsable : ${child.responsableName}` : ''}
      </Text>
    </div>
  )
}

function ChildFileView({ child }: { child: ChildFile }) {
  return (
    <Stack>
      <Anchor component={Link} to="/enfants" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Enfants
        </Group>
      </Anchor>
      <Header child={child} />
      <StaleFileBanner queryKey={childKey(child.id)} />
      <Paper p="md" withBorder>
        <FileTabs
          tabs={[
            { value: 'identite', label: 'Identité et scolarité', content: <IdentityPanel child={child} /> },
            {
              value: 'personnes',
              label: 'Personnes autorisées',
              count: child.authorizedPersons.length,
              content: <AuthorizedPersonsPanel child={child} />,
            },
            ...(child.canSeeHealth
              ? [{ value: 'sante', label: 'Santé', content: <HealthPanel child={child} /> }]
              : []),
            { value: 'agenda', label: 'Agenda', content: <ChildAgendaPanel child={child} /> },
            { value: 'inscriptions', label: 'Inscriptions', content: <EnrolmentsPanel child={child} /> },
            { value: 'dossier', label: 'Dossier', content: <ChecklistPanel child={child} /> },
            { value: 'historique', label: 'Historique', content: <AuditView childId={child.id} /> },
          ]}
        />
      </Paper>
    </Stack>
  )
}

export function ChildFileScreen() {
  const id = Number(useParams().id)
  return <FileLoader query={useChild(id)}>{(child) => <ChildFileView child={child} />}</FileLoader>
}
