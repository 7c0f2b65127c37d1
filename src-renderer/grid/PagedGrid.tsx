import type { ColDef, IDatasource } from 'ag-grid-community'
import type { AgGridReact } from 'ag-grid-react'
import { type Ref, useMemo } from 'react'
import { DataGrid } from './DataGrid'

interface Props<T> {
  gridRef?: Ref<AgGridReact<T>>
  columns: ColDef<T>[]
  /** Reads rows [offset, offset + limit) and how many there are in all. */
  fetchPage(offset: number, limit: number): Promise<{ rows: T[]; total: number }>
  /** Changing it (a new search, another filter) starts the list again from the top. */
  queryKey: string
  rowId(row: T): string
  /** Enter or a double click on a row. */
  onOpen(row: T): void
  onTotal?(total: number): void
  emptyText: string
  label: string
}

const BLOCK = 100

/**
 * A long list read from the back-end a block at a time as staff scroll
 * (AG Grid's infinite row model), so that 100,000 rows never travel at once.
 * Arrow keys move between rows, Enter opens one.
 */
export function PagedGrid<T>(props: Props<T>) {
  const { fetchPage, onTotal, queryKey } = props
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key means a new data source
  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params) {
        fetchPage(params.startRow, params.endRow - params.startRow).then(
          ({ rows, total }) => {
            onTotal?.(total)
            params.successCallback(rows, total)
          },
          () => params.failCallback(),
        )
      },
    }),
    [queryKey],
  )
  return (
    <section style={{ height: '100%', minHeight: 320 }} aria-label={props.label}>
      <DataGrid<T>
        gridRef={props.gridRef}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK}
        maxBlocksInCache={20}
        columnDefs={props.columns}
        defaultColDef={{ sortable: false, resizable: true }}
        stateKey={props.label}
        getRowId={(p) => props.rowId(p.data)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onRowDoubleClicked={(e) => e.data && props.onOpen(e.data)}
        onCellKeyDown={(e) => {
          const key = (e.event as KeyboardEvent | undefined)?.key
          if (key === 'Enter' && e.data) props.onOpen(e.data)
        }}
        overlayNoRowsTemplate={props.emptyText}
      />
    </section>
  )
}
