import { Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { ExportScope } from '@shared/contract/csv'
import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { ExportPanel } from './ExportPanel'
import { ImportPanel } from './ImportPanel'

/** The list staff came from: ?recherche=… (a search of the Familles list) or ?familles=1,2,3. */
function listOf(params: URLSearchParams): { scope: ExportScope; label: string } | null {
  const query = params.get('recherche')
  if (query !== null)
    return { scope: { kind: 'search', query }, label: `Les familles de la recherche « ${query} »` }
  const ids = (params.get('familles') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
  if (ids.length > 0)
    return { scope: { kind: 'families', ids }, label: `Les ${ids.length} familles de la liste` }
  return null
}

export function ImportExportScreen() {
  useDocumentTitle('Import / Export')
  const [params] = useSearchParams()
  const info = useQuery({ queryKey: ['system', 'info'], queryFn: () => api.system.info({}) })
  if (info.isPending) return <Loader aria-label="Chargement" />
  const desktop = info.data?.desktop ?? false
  return (
    <Stack maw={1200}>
      <Title order={2}>Import / Export</Title>
      <Text size="sm" c="dimmed" maw={820}>
        Les dossiers des familles s’échangent en six fichiers CSV (familles, responsables, enfants, personnes
        autorisées, vaccinations, santé) qu’Excel ouvre directement. Un import est d’abord entièrement vérifié
        ; rien n’est écrit tant qu’un problème reste, puis tout est écrit en une seule fois.
      </Text>
      <SimpleGrid cols={{ base: 1 }} spacing="md">
        <Paper withBorder p="md" component="section" aria-labelledby="export-title">
          <Title order={3} id="export-title" mb="sm">
            Exporter
          </Title>
          <ExportPanel desktop={desktop} list={listOf(params)} />
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="import-title">
          <Title order={3} id="import-title" mb="sm">
            Importer
          </Title>
          <ImportPanel desktop={desktop} />
        </Paper>
      </SimpleGrid>
    </Stack>
  )
}
