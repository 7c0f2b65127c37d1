import type { CsvProblemView } from '@shared/contract/csv'
import type { ColDef } from 'ag-grid-community'
import { useMemo } from 'react'
import { DataGrid } from '../../grid/DataGrid'

/** Every problem of the files, with where it is: file, line, column. */
export function ProblemsGrid({ problems }: { problems: CsvProblemView[] }) {
  const columns = useMemo<ColDef<CsvProblemView>[]>(
    () => [
      { field: 'file', headerName: 'Fichier', width: 190 },
      { field: 'line', headerName: 'Ligne', width: 90, type: 'numericColumn' },
      {
        headerName: 'Colonne',
        width: 190,
        valueGetter: (p) => p.data?.column ?? (p.data?.columnNumber ? `n° ${p.data.columnNumber}` : ''),
      },
      {
        field: 'message',
        headerName: 'Problème',
        flex: 1,
        wrapText: true,
        autoHeight: true,
        cellStyle: { lineHeight: '1.4', padding: '6px 12px' },
      },
    ],
    [],
  )
  return (
    <div style={{ height: Math.min(420, 60 + problems.length * 44) }}>
      <DataGrid<CsvProblemView>
        rowData={problems}
        columnDefs={columns}
        getRowId={(p) =>
          `${p.data.file}|${p.data.line ?? ''}|${p.data.column ?? p.data.columnNumber ?? ''}|${p.data.message}`
        }
        overlayNoRowsTemplate="Aucun problème"
      />
    </div>
  )
}
