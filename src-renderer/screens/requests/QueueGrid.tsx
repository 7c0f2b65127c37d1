import { Group, Tooltip } from '@mantine/core'
import type { QueueRow } from '@shared/contract/requests'
import { labelOf } from '@shared/domain/options'
import { REQUEST_CHANNELS, REQUEST_STATES } from '@shared/domain/requests'
import { formatDay } from '@shared/format/date'
import { IconAlertTriangle, IconBan, IconEye, IconMail, IconPhone, IconWorld } from '@tabler/icons-react'
import type { ColDef, GridApi } from 'ag-grid-community'
import type { AgGridReact } from 'ag-grid-react'
import { type Ref, useMemo } from 'react'
import { DataGrid } from '../../grid/DataGrid'

const CHANNEL_ICONS = { portail: IconWorld, papier: IconMail, téléphone: IconPhone }

function Flags({ row }: { row: QueueRow }) {
  const Channel = CHANNEL_ICONS[row.channel]
  const channel = labelOf(REQUEST_CHANNELS, row.channel)
  return (
    <Group gap={4} h="100%" wrap="nowrap">
      <Tooltip label={channel}>
        <Channel size={16} color="var(--mantine-color-gray-6)" aria-label={channel} role="img" />
      </Tooltip>
      {row.needsReview && (
        <Tooltip label="À vérifier par une personne">
          <IconEye size={16} color="var(--mantine-color-orange-7)" aria-label="À vérifier" />
        </Tooltip>
      )}
      {row.conflict && (
        <Tooltip label="Conflit : valeur actuelle différente de celle que la famille voyait">
          <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" aria-label="Conflit" />
        </Tooltip>
      )}
      {row.notApplicable && (
        <Tooltip label={`Ne s’applique plus : ${row.notApplicable}`}>
          <IconBan size={16} color="var(--mantine-color-gray-7)" aria-label="Ne s’applique plus" />
        </Tooltip>
      )}
    </Group>
  )
}

function Family({ row }: { row: QueueRow }) {
  return (
    <span>
      {row.familyNumber} <span style={{ color: 'var(--mantine-color-dimmed)' }}>{row.familyName}</span>
    </span>
  )
}

interface Props {
  rows: QueueRow[]
  loading: boolean
  currentId: number | null
  gridRef: Ref<AgGridReact<QueueRow>>
  onOpen: (row: QueueRow) => void
  onSelection: (ids: number[]) => void
}

/** The queue, one server page at a time (the page is chosen outside): pending first, oldest first. */
export function QueueGrid({ rows, loading, currentId, gridRef, onOpen, onSelection }: Props) {
  const columns = useMemo<ColDef<QueueRow>[]>(
    () => [
      {
        colId: 'date',
        field: 'submittedAt',
        headerName: 'Date',
        valueFormatter: (p) => formatDay(String(p.value ?? '').slice(0, 10)),
      },
      {
        colId: 'attente',
        field: 'daysWaiting',
        headerName: 'Attente',
        headerTooltip: 'Jours d’attente',
        // A decided request no longer waits.
        valueFormatter: (p) => (p.data?.state === 'pending' ? `${p.value} j` : ''),
      },
      {
        colId: 'famille',
        headerName: 'Famille',
        minWidth: 150,
        tooltipValueGetter: (p) => p.data && `${p.data.familyNumber} ${p.data.familyName}`,
        cellRenderer: (p: { data?: QueueRow }) => p.data && <Family row={p.data} />,
      },
      { colId: 'enfant', field: 'childName', headerName: 'Enfant', minWidth: 90 },
      { colId: 'type', field: 'kindLabel', headerName: 'Type', minWidth: 150 },
      {
        colId: 'signaux',
        headerName: 'Signaux',
        headerTooltip: 'Canal (portail, papier, téléphone) et signaux',
        minWidth: 80,
        sortable: false,
        tooltipValueGetter: () => undefined,
        cellRenderer: (p: { data?: QueueRow }) => p.data && <Flags row={p.data} />,
      },
      {
        colId: 'etat',
        field: 'state',
        headerName: 'État',
        valueFormatter: (p) => labelOf(REQUEST_STATES, p.value as string),
      },
    ],
    [],
  )
  return (
    <DataGrid<QueueRow>
      gridRef={gridRef}
      stateKey="demandes"
      rowData={rows}
      columnDefs={columns}
      defaultColDef={{ sortable: false, resizable: true }}
      loading={loading}
      getRowId={(p) => String(p.data.id)}
      rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false }}
      rowClassRules={{ 'queue-row-current': (p) => p.data?.id === currentId }}
      onRowClicked={(e) => e.data && onOpen(e.data)}
      onSelectionChanged={(e) => onSelection((e.api as GridApi<QueueRow>).getSelectedRows().map((r) => r.id))}
      overlayNoRowsTemplate="Aucune demande"
    />
  )
}
