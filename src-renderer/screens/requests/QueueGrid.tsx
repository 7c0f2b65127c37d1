import { Group, Tooltip } from '@mantine/core'
import type { QueueRow } from '@shared/contract/requests'
import { labelOf } from '@shared/domain/options'
import { REQUEST_CHANNELS, REQUEST_STATES } from '@shared/domain/requests'
import { formatDay } from '@shared/format/date'
import { IconAlertTriangle, IconBan, IconEye } from '@tabler/icons-react'
import type { ColDef, GridApi } from 'ag-grid-community'
import type { AgGridReact } from 'ag-grid-react'
import { type Ref, useMemo } from 'react'
import { DataGrid } from '../../grid/DataGrid'

function Flags({ row }: { row: QueueRow }) {
  return (
    <Group gap={4} h="100%" wrap="nowrap">
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
        field: 'submittedAt',
        headerName: 'Date',
        width: 118,
        valueFormatter: (p) => formatDay(String(p.value ?? '').slice(0, 10)),
      },
      { field: 'daysWaiting', headerName: 'Attente', width: 95, valueFormatter: (p) => `${p.value} j` },
      {
        headerName: 'Famille',
        flex: 2,
        minWidth: 170,
        cellRenderer: (p: { data?: QueueRow }) => p.data && <Family row={p.data} />,
      },
      { field: 'childName', headerName: 'Enfant', flex: 1, minWidth: 130 },
      { field: 'kindLabel', headerName: 'Type', flex: 2, minWidth: 170, tooltipField: 'kindLabel' },
      {
        field: 'channel',
        headerName: 'Canal',
        width: 100,
        valueFormatter: (p) => labelOf(REQUEST_CHANNELS, p.value as string),
      },
      {
        headerName: 'Signaux',
        width: 105,
        sortable: false,
        cellRenderer: (p: { data?: QueueRow }) => p.data && <Flags row={p.data} />,
      },
      {
        field: 'state',
        headerName: 'État',
        width: 120,
        valueFormatter: (p) => labelOf(REQUEST_STATES, p.value as string),
      },
    ],
    [],
  )
  return (
    <DataGrid<QueueRow>
      gridRef={gridRef}
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
