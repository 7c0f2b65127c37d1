import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { type FamilyFile, showsFinance } from '@shared/contract/families'
import { BANK_FIELDS, CAF_FIELDS, FISCAL_FIELDS, formatPhone } from '@shared/fields/index'
import { formatDay } from '@shared/format/date'
import { IconArrowLeft } from '@tabler/icons-react'
import { Link, useParams } from 'react-router'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { StaleFileBanner } from '../../changes/StaleFileBanner'
import { FileLoader } from '../../components/FileLoader'
import { FileTabs } from '../../components/FileTabs'
import { AuditView } from '../audit/AuditView'
import { FamilyMessagesPanel } from '../messages/FamilyMessagesPanel'
import { AccessExportButton } from './AccessExportButton'
import { FamilyChildrenPanel } from './FamilyChildrenPanel'
import { FamilyFieldsPanel } from './FamilyFieldsPanel'
import { familyKey, useFamily } from './family-query'
import { GuardianPanel } from './GuardianPanel'
import { PendingRequestsPanel } from './PendingRequestsPanel'
import { QuotientPanel } from './QuotientPanel'

function guardianName(family: FamilyFile): string {
  const g = family.responsable?.values
  return g ? [g.nom, g.prenom].filter(Boolean).join(' ') : 'Sans responsable'
}

function Summary({ family }: { family: FamilyFile }) {
  const g = family.responsable?.values ?? {}
  const place = [g.code_postal, g.ville].filter(Boolean).join(' ')
  const contact = [g.mobile ? formatPhone(String(g.mobile)) : null, g.email].filter(Boolean).join(' · ')
  return (
    <Text c="dimmed" size="sm">
      {[place, contact, family.currentQuotient ? `QF ${family.currentQuotient.qf}` : null]
        .filter(Boolean)
        .join(' — ')}
    </Text>
  )
}

function FamilyFileView({ family }: { family: FamilyFile }) {
  useDocumentTitle(`Famille n° ${family.number}`)
  return (
    <Stack>
      <Anchor component={Link} to="/familles" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Familles
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={2}>
              Famille n° {family.number} · {guardianName(family)}
            </Title>
            {family.archivedOn && (
              <Badge color="gray" variant={family.archived ? 'filled' : 'outline'}>
                {family.archived ? 'Archivée' : 'Archivage prévu'} le {formatDay(family.archivedOn)}
              </Badge>
            )}
          </Group>
          <Summary family={family} />
        </div>
        <AccessExportButton family={family} />
      </Group>
      <StaleFileBanner queryKey={familyKey(family.id)} />
      <Paper p="md" withBorder>
        <FileTabs
          tabs={[
            {
              value: 'responsable',
              label: 'Responsable',
              content: <GuardianPanel family={family} which="responsable" />,
            },
            {
              value: 'conjoint',
              label: 'Conjoint',
              content: <GuardianPanel family={family} which="conjoint" />,
            },
            {
              value: 'caf',
              label: 'CAF et QF',
              content: (
                <Stack gap="xl">
                  <FamilyFieldsPanel
                    family={family}
                    fields={CAF_FIELDS}
                    savedMessage="Informations CAF enregistrées."
                  />
                  <QuotientPanel family={family} />
                </Stack>
              ),
            },
            // Fiscal and Banque only for the roles allowed to see them (Paramètres → Données personnelles).
            ...(showsFinance(family)
              ? [
                  {
                    value: 'fiscal',
                    label: 'Fiscal',
                    content: (
                      <FamilyFieldsPanel
                        family={family}
                        fields={FISCAL_FIELDS}
                        savedMessage="Informations fiscales enregistrées."
                      />
                    ),
                  },
                  {
                    value: 'banque',
                    label: 'Banque',
                    content: (
                      <FamilyFieldsPanel
                        family={family}
                        fields={BANK_FIELDS}
                        savedMessage="Coordonnées bancaires enregistrées."
                      />
                    ),
                  },
                ]
              : []),
            {
              value: 'enfants',
              label: 'Enfants',
              count: family.children.length,
              content: <FamilyChildrenPanel family={family} />,
            },
            {
              value: 'demandes',
              label: 'Demandes en attente',
              count: family.pendingRequests.length,
              content: <PendingRequestsPanel family={family} />,
            },
            { value: 'messages', label: 'Messages', content: <FamilyMessagesPanel familyId={family.id} /> },
            { value: 'historique', label: 'Historique', content: <AuditView familyId={family.id} /> },
          ]}
        />
      </Paper>
    </Stack>
  )
}

export function FamilyFileScreen() {
  const id = Number(useParams().id)
  return <FileLoader query={useFamily(id)}>{(family) => <FamilyFileView family={family} />}</FileLoader>
}
