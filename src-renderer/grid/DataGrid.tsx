import { AG_GRID_LOCALE_FR } from '@ag-grid-community/locale'
import { AllCommunityModule, type ColDef, type GridApi, ModuleRegistry, themeQuartz } from 'ag-grid-community'
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react'
import { type Ref, useEffect, useMemo, useRef } from 'react'
import { styleNonce } from '../app/nonce'
import { fitToContent, restoreColumns, saveColumns } from './column-state'

ModuleRegistry.registerModules([AllCommunityModule])

// Dense enough for a 768-pixel-high screen to show a useful list.
const theme = themeQuartz.withParams({
  fontFamily: 'inherit',
  headerFontWeight: 600,
  accentColor: '#0ca678',
  rowHeight: 32,
  headerHeight: 34,
  cellHorizontalPadding: 7,
  fontSize: 13,
  headerFontSize: 13,
})

/** The whole text of a cell cut short by its column's width, on hover. */
const FULL_TEXT: ColDef = {
  tooltipValueGetter: (p) => {
    const text = p.valueFormatted ?? p.value
    return text === null || text === undefined || text === '' ? undefined : String(text)
  },
}

/** Prints every loaded row, not only those in sight (global.css hides the rest of the screen). */
function usePrintLayout(api: React.RefObject<GridApi | null>) {
  useEffect(() => {
    const before = () => api.current?.setGridOption('domLayout', 'print')
    const after = () => api.current?.setGridOption('domLayout', 'normal')
    window.addEventListener('beforeprint', before)
    window.addEventListener('afterprint', after)
    return () => {
      window.removeEventListener('beforeprint', before)
      window.removeEventListener('afterprint', after)
    }
  }, [api])
}

/**
 * AG Grid as every list of Marelle uses it: French texts, the page's CSP
 * nonce for the styles it injects, no row animation, columns fitted to their
 * content with the full value on hover, and — with `stateKey` — the widths
 * and order staff give the columns kept for the next time.
 */
export function DataGrid<T>(
  props: AgGridReactProps<T> & { gridRef?: Ref<AgGridReact<T>>; stateKey?: string },
) {
  const { gridRef, stateKey, ...rest } = props
  const api = useRef<GridApi | null>(null)
  const arranged = useRef(false)
  usePrintLayout(api)
  // Widths come from the content (fitToContent), not from shares of the row: a column given a share
  // keeps it only when it wraps its text.
  const columns = useMemo(
    () =>
      rest.columnDefs?.map((c) => {
        if (!('flex' in c) || (c as ColDef<T>).wrapText) return c
        const { flex: _share, ...sized } = c as ColDef<T>
        return sized
      }),
    [rest.columnDefs],
  )
  return (
    <AgGridReact<T>
      ref={gridRef}
      theme={theme}
      localeText={AG_GRID_LOCALE_FR}
      styleNonce={styleNonce}
      animateRows={false}
      enableCellTextSelection
      ensureDomOrder
      tooltipShowDelay={400}
      autoSizePadding={6}
      tooltipInteraction
      {...rest}
      defaultColDef={{ ...(FULL_TEXT as ColDef<T>), ...rest.defaultColDef }}
      columnDefs={columns}
      onGridReady={(e) => {
        api.current = e.api as GridApi
        arranged.current = stateKey !== undefined && restoreColumns(stateKey, e.api as GridApi)
        rest.onGridReady?.(e)
      }}
      onFirstDataRendered={(e) => {
        if (!arranged.current) fitToContent(e.api as GridApi)
        rest.onFirstDataRendered?.(e)
      }}
      onRowDataUpdated={(e) => {
        if (!arranged.current) fitToContent(e.api as GridApi)
        rest.onRowDataUpdated?.(e)
      }}
      onColumnResized={(e) => {
        if (stateKey && e.finished && e.source === 'uiColumnResized') {
          arranged.current = true
          saveColumns(stateKey, e.api as GridApi)
        }
        rest.onColumnResized?.(e)
      }}
      onColumnMoved={(e) => {
        if (stateKey && e.finished && e.source === 'uiColumnMoved') {
          arranged.current = true
          saveColumns(stateKey, e.api as GridApi)
        }
        rest.onColumnMoved?.(e)
      }}
    />
  )
}
