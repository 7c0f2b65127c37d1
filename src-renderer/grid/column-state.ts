import type { ColumnState, GridApi } from 'ag-grid-community'

// Each list's columns as staff arranged them (widths, order), kept on this
// computer under the list's name. Until they do, columns fit their content.

const key = (name: string) => `marelle.grid.${name}`

export function savedColumns(name: string): ColumnState[] | null {
  try {
    const value = JSON.parse(localStorage.getItem(key(name)) ?? 'null')
    return Array.isArray(value) ? (value as ColumnState[]) : null
  } catch {
    return null
  }
}

export function saveColumns(name: string, api: GridApi): void {
  const state = api.getColumnState().map(({ colId, width, hide, pinned }) => ({ colId, width, hide, pinned }))
  localStorage.setItem(key(name), JSON.stringify(state))
}

/** Widths and order staff chose; false when there is none (or it no longer fits the columns). */
export function restoreColumns(name: string, api: GridApi): boolean {
  const state = savedColumns(name)
  if (!state) return false
  return api.applyColumnState({ state, applyOrder: true })
}

/**
 * Each column as wide as its header and its visible cells; when they leave
 * room, the columns share it (nothing is ever cut shorter than its content).
 */
export function fitToContent(api: GridApi): void {
  // After the rows and headers are drawn: autosizing measures the cells on screen.
  window.setTimeout(() => {
    if (!api.isDestroyed()) fitNow(api)
  }, 30)
}

function fitNow(api: GridApi): void {
  // A column that wraps its text (a problem's message) takes the room left instead.
  const colIds = (api.getColumns() ?? []).filter((c) => !c.getColDef().wrapText).map((c) => c.getColId())
  api.autoSizeColumns({ colIds, scaleUpToFitGridWidth: true })
}
