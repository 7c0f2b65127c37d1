import { Alert, Loader, Table, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'

export function AboutPanel() {
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
    <>
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
      <Text size="sm" c="dimmed" mt="md" maw={900}>
        Une copie de la base est faite chaque jour au démarrage (les 14 dernières sont gardées) et avant
        chaque mise à jour du schéma. Données des vacances scolaires : Ministère de l’Éducation nationale,
        Licence Ouverte / Open Licence (Etalab).
      </Text>
    </>
  )
}
