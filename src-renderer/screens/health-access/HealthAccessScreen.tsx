import { Alert, Anchor, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { type HealthAccessRow, healthReadSource } from '@shared/contract/health-access'
import { formatInstant } from '@shared/format/date'
import { hasRole } from '@shared/roles'
import { IconDownload } from '@tabler/icons-react'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { useSession } from '../../auth/session-context'
import { download } from '../lists/files'
import { DayInput } from '../requests/DayInput'
import { type AccessFilters, cleanFilters } from './filters'

const PAGE = 100

/**
 * « Accès aux données de santé » (administrators, docs/donnees-de-sante.md):
 * every opening of a child's health data, newest first, a page at a time,
 * filtered by period, staff member, family or child, and exported as CSV
 * (the export is itself audited).
 */
export function HealthAccessScreen() {
  useDocumentTitle('Accès aux données de santé')
  const { staff } = useSession()
  const admin = hasRole(staff.role, 'administrateur')
  const [draft, setDraft] = useState<AccessFilters>({})
  const [filters, setFilters] = useState<AccessFilters>({})
  const [exportState, setExportState] = useState<{ error?: string; done?: string; busy?: boolean }>({})
  const readers = useQuery({
    queryKey: ['health-access', 'staff'],
    queryFn: () => api['health-access'].staff({}),
    enabled: admin,
  })
  const info = useQuery({ queryKey: ['system', 'info'], queryFn: () => api.system.info({}) })
  const log = useInfiniteQuery({
    queryKey: ['health-access', 'list', filters],
    queryFn: ({ pageParam }) =>
      api['health-access'].list({
        ...cleanFilters(filters),
        limit: PAGE,
        ...(pageParam ? { beforeId: pageParam } : {}),
      }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBeforeId ?? undefined,
    enabled: admin,
    retry: false,
  })
  const rows = log.data?.pages.flatMap((p) => p.rows) ?? []

  const exportCsv = async () => {
    setExportState({ busy: true })
    try {
      const input = cleanFilters(filters)
      if (info.data?.desktop) {
        const chosen = await api.files.chooseSave({
          title: 'Enregistrer le journal des accès',
          defaultName: 'acces-donnees-de-sante.csv',
          filters: [{ name: 'CSV', extensions: ['csv'] }],
        })
        if (!chosen.path) return setExportState({})
        const file = await api['health-access'].export({ ...input, path: chosen.path })
        return setExportState({ done: `${file.rows} ligne(s) enregistrée(s).` })
      }
      const file = await api['health-access'].export(input)
      if (file.base64) download(file.fileName, file.base64, 'text/csv')
      setExportState({ done: `${file.rows} ligne(s) exportée(s) dans ${file.fileName}.` })
    } catch (e) {
      setExportState({ error: (e as Error).message })
    }
  }

  if (!admin)
    return (
      <Stack maw={980}>
        <Title order={2}>Accès aux données de santé</Title>
        <Alert color="gray">Cet écran est réservé aux administrateurs.</Alert>
      </Stack>
    )
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Accès aux données de santé</Title>
        <Button
          variant="light"
          leftSection={<IconDownload size={16} />}
          onClick={exportCsv}
          loading={exportState.busy}
        >
          Exporter en CSV
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Chaque ouverture des données de santé d’un enfant est inscrite ici : qui, quand, depuis quel écran ou
        quelle commande. L’export de ce journal est lui-même inscrit au journal d’audit.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          setFilters(draft)
        }}
      >
        <Group align="flex-end">
          <DayInput label="Du" w={150} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
          <DayInput label="Au" w={150} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
          <Select
            label="Membre du personnel"
            w={220}
            clearable
            data={(readers.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
            value={draft.staffId ? String(draft.staffId) : null}
            onChange={(v) => setDraft({ ...draft, staffId: v ? Number(v) : undefined })}
          />
          <TextInput
            label="N° famille"
            w={160}
            value={draft.family ?? ''}
            onChange={(e) => setDraft({ ...draft, family: e.currentTarget.value })}
          />
          <TextInput
            label="Identifiant enfant"
            w={160}
            value={draft.child ?? ''}
            onChange={(e) => setDraft({ ...draft, child: e.currentTarget.value })}
          />
          <Button type="submit">Filtrer</Button>
          <Button
            variant="subtle"
            onClick={() => {
              setDraft({})
              setFilters({})
            }}
          >
            Tout afficher
          </Button>
        </Group>
      </form>
      {exportState.error && <Alert color="red">{exportState.error}</Alert>}
      {exportState.done && <Alert color="green">{exportState.done}</Alert>}
      {log.isError && <Alert color="red">{log.error.message}</Alert>}
      <Table striped highlightOnHover aria-label="Accès aux données de santé">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date et heure</Table.Th>
            <Table.Th>Membre du personnel</Table.Th>
            <Table.Th>Enfant</Table.Th>
            <Table.Th>N° famille</Table.Th>
            <Table.Th>Lecture</Table.Th>
            <Table.Th>Origine</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <AccessLine key={row.id} row={row} />
          ))}
        </Table.Tbody>
      </Table>
      {log.isSuccess && rows.length === 0 && (
        <Text c="dimmed">Aucune lecture de données de santé pour ces critères.</Text>
      )}
      {log.hasNextPage && (
        <Button
          variant="default"
          onClick={() => log.fetchNextPage()}
          loading={log.isFetchingNextPage}
          w={200}
        >
          Afficher les suivantes
        </Button>
      )}
    </Stack>
  )
}

function AccessLine({ row }: { row: HealthAccessRow }) {
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(row.at)}</Table.Td>
      <Table.Td>{row.actor}</Table.Td>
      <Table.Td>
        {row.childId !== null && row.childName ? (
          <Anchor component={Link} to={`/enfants/${row.childId}`} size="sm">
            {row.childName}
          </Anchor>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        {row.familyId !== null && row.familyNumber ? (
          <Anchor component={Link} to={`/familles/${row.familyId}`} size="sm">
            {row.familyNumber}
          </Anchor>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        {row.note}
        {row.requestRef && (
          <Text size="xs" c="dimmed">
            Demande {row.requestRef}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{healthReadSource(row.source) || '—'}</Table.Td>
    </Table.Tr>
  )
}
