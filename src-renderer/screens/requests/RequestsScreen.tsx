import { Button, Group, Pagination, Stack, Text, Title } from '@mantine/core'
import { useDebouncedValue, useHotkeys, useMediaQuery } from '@mantine/hooks'
import type { QueueRow } from '@shared/contract/requests'
import { parseDay } from '@shared/format/date'
import { IconChecks, IconPencilPlus } from '@tabler/icons-react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { AgGridReact } from 'ag-grid-react'
import { useRef, useState } from 'react'
import { api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { SplitPane } from '../../components/SplitPane'
import { BulkValidateModal } from './BulkValidateModal'
import { CountsBar } from './CountsBar'
import { ShortcutsHelp } from './DecisionBar'
import { ExportDecisionsButton } from './ExportDecisionsButton'
import { ImportRequestsButton } from './ImportRequestsButton'
import { COUNTS_KEY, pageKey } from './keys'
import { NewRequestModal } from './NewRequestModal'
import { type QueueFilter, QueueFilters } from './QueueFilters'
import { QueueGrid } from './QueueGrid'
import { ReviewPane } from './ReviewPane'
import './queue.css'

const PAGE_SIZE = 100

export function RequestsScreen() {
  useDocumentTitle('Demandes')
  const [filter, setFilter] = useState<QueueFilter>({ states: ['pending'] })
  const [debounced] = useDebouncedValue(filter, 300)
  const [page, setPage] = useState(1)
  const [currentId, setCurrentId] = useState<number | null>(null)
  const [selected, setSelected] = useState<number[]>([])
  const [bulkIds, setBulkIds] = useState<number[] | null>(null)
  const [creating, setCreating] = useState(false)
  const gridRef = useRef<AgGridReact<QueueRow>>(null)
  // The queue above the request, so that the grid keeps the whole width for its columns (up to
  // 1920×1080 they then all show in full) and the review puts its reply and buttons beside its lines;
  // side by side only on a screen wide enough for both.
  const wide = useMediaQuery('(min-width: 2200px)') ?? false

  // A day still being typed (or an impossible one, said under its field) filters nothing yet.
  const query = {
    ...debounced,
    from: parseDay(debounced.from ?? '') ?? undefined,
    to: parseDay(debounced.to ?? '') ?? undefined,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  }
  const queue = useQuery({
    queryKey: pageKey(query),
    queryFn: () => api.requests.list(query),
    placeholderData: keepPreviousData,
  })
  const counts = useQuery({ queryKey: COUNTS_KEY, queryFn: () => api.requests.counts({}) })
  const rows = queue.data?.rows ?? []
  const pages = Math.max(1, Math.ceil((queue.data?.total ?? 0) / PAGE_SIZE))

  const changeFilter = (next: QueueFilter) => {
    setFilter(next)
    setPage(1)
  }
  const move = (step: 1 | -1) => {
    if (rows.length === 0) return
    const index = rows.findIndex((r) => r.id === currentId)
    const next = index === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, index + step))
    setCurrentId(rows[next].id)
    gridRef.current?.api?.ensureIndexVisible(next)
  }
  useHotkeys(
    [
      ['alt+ArrowDown', () => move(1)],
      ['alt+ArrowUp', () => move(-1)],
    ],
    // Also from the reply box: moving on is what staff do after writing.
    [],
  )

  const list = (
    <Stack gap={4} style={{ flex: 1, minHeight: 0 }}>
      <div style={{ flex: 1, minHeight: 0 }}>
        <QueueGrid
          rows={rows}
          loading={queue.isPending}
          currentId={currentId}
          gridRef={gridRef}
          onOpen={(row) => setCurrentId(row.id)}
          onSelection={setSelected}
        />
      </div>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {queue.data?.total ?? 0} demande(s)
        </Text>
        <ShortcutsHelp />
        {pages > 1 && <Pagination size="xs" total={pages} value={page} onChange={setPage} />}
      </Group>
    </Stack>
  )
  return (
    <Stack h="calc(100vh - 56px - 2 * var(--mantine-spacing-md))" gap={6}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Title order={2}>Demandes</Title>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPencilPlus size={16} />}
            onClick={() => setCreating(true)}
          >
            Saisir une demande (papier, téléphone)
          </Button>
          <ImportRequestsButton />
          <ExportDecisionsButton />
        </Group>
      </Group>
      <CountsBar
        counts={counts.data}
        onKind={(kind) => changeFilter({ ...filter, kinds: [kind as never] })}
      />
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <QueueFilters filter={filter} onChange={changeFilter} />
        <Button
          size="xs"
          color="teal"
          leftSection={<IconChecks size={16} />}
          disabled={selected.length === 0}
          onClick={() => setBulkIds(selected)}
        >
          Valider la sélection ({selected.length})
        </Button>
      </Group>
      <SplitPane
        direction={wide ? 'row' : 'column'}
        storageKey="demandes"
        initial={wide ? 0.55 : 0.5}
        minFirst={wide ? 420 : 140}
        minSecond={wide ? 460 : 240}
        label="Taille de la liste des demandes"
        first={list}
        second={<ReviewPane id={currentId} layout={wide ? 'stack' : 'columns'} />}
      />
      <NewRequestModal opened={creating} onClose={() => setCreating(false)} />
      <BulkValidateModal
        ids={bulkIds}
        onClose={() => {
          setBulkIds(null)
          gridRef.current?.api?.deselectAll()
        }}
      />
    </Stack>
  )
}
