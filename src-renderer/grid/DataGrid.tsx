import { AG_GRID_LOCALE_FR } from '@ag-grid-community/locale'
import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community'
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react'
import type { Ref } from 'react'
import { styleNonce } from '../app/nonce'

ModuleRegistry.registerModules([AllCommunityModule])

const theme = themeQuartz.withParams({
  fontFamily: 'inherit',
  headerFontWeight: 600,
  accentColor: '#0ca678',
  rowHeight: 36,
  headerHeight: 38,
})

/**
 * AG Grid as every list of Marelle uses it: French texts, the page's CSP
 * nonce for the styles it injects, no row animation.
 */
export function DataGrid<T>(props: AgGridReactProps<T> & { gridRef?: Ref<AgGridReact<T>> }) {
  const { gridRef, ...rest } = props
  return (
    <AgGridReact<T>
      ref={gridRef}
      theme={theme}
      localeText={AG_GRID_LOCALE_FR}
      styleNonce={styleNonce}
      animateRows={false}
      enableCellTextSelection
      ensureDomOrder
      {...rest}
    />
  )
}
