import { Alert, Loader, Stack, Table, Text } from '@mantine/core'
import { hasRole } from '@shared/roles'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { useSession } from '../../auth/session-context'
import { BackupNow } from './BackupNow'

export function AboutPanel() {
  const { staff } = useSession()
  const info = useQuery({ queryKey: ['system', 'info'], queryFn: () => api.system.info({}) })
  if (info.isPending) return <Loader aria-label="Chargement" />
  if (info.isError) return <Alert color="red">{info.error.message}</Alert>
  const rows: [string, string][] = [
    ['Version', info.data.version],
    ['Base de données', info.data.databasePath],
    ['Sauvegardes', info.data.backupsDir],
    ['Journaux', info.data.logsDir ?? '—'],
    ['Schéma', info.data.schemaVersion],
  ]
  return (
    <Stack>
      <Table maw={900} withTableBorder variant="vertical">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={200}>{label}</Table.Th>
              <Table.Td>
                <Text size="sm" ff={label === 'Version' ? undefined : 'monospace'}>
                  {value}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" maw={900}>
        Une copie de la base est faite chaque jour au démarrage (les 14 dernières sont gardées) et avant
        chaque mise à jour du schéma. Communes et codes postaux : Etalab (découpage administratif, d’après
        l’Insee et La Poste).
      </Text>
      {hasRole(staff.role, 'administrateur') && <BackupNow />}
    </Stack>
  )
}
