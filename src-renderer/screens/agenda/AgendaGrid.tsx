import { Text, UnstyledButton } from '@mantine/core'
import type { AgendaCell } from '@shared/contract/agenda'
import { type AgendaAction, agendaState } from '@shared/domain/agenda'
import { formatDay } from '@shared/format/date'
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react'
import { ACTION_KEYS, actionOfKey } from './actions'
import { dayHead, isWeekend, span } from './month'
import './agenda.css'

export interface GridRow {
  key: string
  /** The label cells at the start of the row (structure, service, or the child's name). */
  labels: ReactNode[]
  /** A short name for screen readers and the action dialog (« Repas », « DUPONT Léa »). */
  name: string
  cells: AgendaCell[]
}

interface Selection {
  row: number
  anchor: number
  focus: number
}

interface Props {
  caption: string
  heads: string[]
  days: string[]
  rows: GridRow[]
  /** Rows under the header (expected against capacity), one cell per day. */
  summary?: { label: string; cells: { text: string; over: boolean; title: string }[] }
  onAction(row: GridRow, dates: string[], action: AgendaAction): void
  /** Page Up / Page Down: the month before or after. */
  onMonth?(by: number): void
}

function cellTitle(row: GridRow, cell: AgendaCell): string {
  const state = cell.state ? agendaState(cell.state).label : 'rien de prévu'
  return `${row.name}, ${formatDay(cell.date)} : ${state}${cell.detail ? ` (${cell.detail})` : ''}`
}

/**
 * A month of the agenda: one row per service (or per child), one column per
 * day, each cell in its state's colour with its letter. Staff select a cell
 * or a range in a row (click, Shift+click, arrows, Shift+arrows) and act with
 * one key (R, A, S, J) or the context menu (right-click, or the menu key).
 */
export function AgendaGrid({ caption, heads, days, rows, summary, onAction, onMonth }: Props) {
  const [sel, setSel] = useState<Selection>({ row: 0, anchor: 0, focus: 0 })
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null)
  const gridRef = useRef<HTMLTableElement>(null)
  const row = Math.min(sel.row, Math.max(rows.length - 1, 0))
  const lo = Math.min(sel.anchor, sel.focus)
  const hi = Math.max(sel.anchor, sel.focus)

  useEffect(() => {
    if (!menu) return
    const close = () => setMenu(null)
    window.addEventListener('click', close)
    return () => window.removeEventListener('click', close)
  }, [menu])

  const selectedDates = () => (rows[row] ? span(days[lo], days[hi]) : [])
  const act = (action: AgendaAction) => {
    setMenu(null)
    if (rows[row]) onAction(rows[row], selectedDates(), action)
  }

  const onKeyDown = (e: KeyboardEvent) => {
    const last = days.length - 1
    const move = (next: Partial<Selection>) => {
      e.preventDefault()
      setSel((s) => ({ ...s, ...next }))
    }
    if (e.key === 'Escape') return setMenu(null)
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const focus = Math.max(0, Math.min(last, sel.focus + (e.key === 'ArrowRight' ? 1 : -1)))
      return move(e.shiftKey ? { focus } : { focus, anchor: focus })
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = Math.max(0, Math.min(rows.length - 1, row + (e.key === 'ArrowDown' ? 1 : -1)))
      return move({ row: next })
    }
    if (e.key === 'Home') return move({ focus: 0, anchor: e.shiftKey ? sel.anchor : 0 })
    if (e.key === 'End') return move({ focus: last, anchor: e.shiftKey ? sel.anchor : last })
    if ((e.key === 'PageDown' || e.key === 'PageUp') && onMonth) {
      e.preventDefault()
      return onMonth(e.key === 'PageDown' ? 1 : -1)
    }
    if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
      e.preventDefault()
      const rect = gridRef.current?.querySelector('.agenda-focus')?.getBoundingClientRect()
      return setMenu({ x: rect?.left ?? 100, y: rect?.bottom ?? 100 })
    }
    if (e.ctrlKey || e.altKey || e.metaKey) return
    const action = actionOfKey(e.key)
    if (action) {
      e.preventDefault()
      act(action)
    }
  }

  const pick = (r: number, c: number, extend: boolean) => {
    setSel((s) => (extend && s.row === r ? { ...s, focus: c } : { row: r, anchor: c, focus: c }))
    gridRef.current?.focus()
  }

  return (
    <div className="agenda-scroll">
      <table
        ref={gridRef}
        className="agenda-grid"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA grid pattern on a table (keyboard-driven cells).
        role="grid"
        aria-label={caption}
        aria-multiselectable="true"
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr>
            {heads.map((h) => (
              <th key={h} className="agenda-head" scope="col">
                {h}
              </th>
            ))}
            {days.map((d) => (
              <th
                key={d}
                className={`agenda-day${isWeekend(d) ? ' agenda-weekend' : ''}`}
                scope="col"
                title={formatDay(d)}
              >
                {dayHead(d)}
              </th>
            ))}
          </tr>
          {summary && (
            <tr>
              <th className="agenda-head" scope="row" colSpan={heads.length}>
                {summary.label}
              </th>
              {summary.cells.map((c, i) => (
                <td
                  key={days[i]}
                  className={`agenda-count${c.over ? ' agenda-over' : ''}`}
                  title={c.title}
                  data-day={days[i]}
                >
                  {c.text}
                </td>
              ))}
            </tr>
          )}
        </thead>
        <tbody>
          {rows.map((r, ri) => (
            <tr key={r.key} aria-label={r.name}>
              {r.labels.map((label, li) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the label cells are fixed columns.
                <td key={li} className="agenda-label" title={typeof label === 'string' ? label : undefined}>
                  {label}
                </td>
              ))}
              {r.cells.map((cell, ci) => {
                const info = cell.state ? agendaState(cell.state) : null
                const selected = ri === row && ci >= lo && ci <= hi
                const focused = ri === row && ci === sel.focus
                return (
                  <td
                    key={cell.date}
                    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: cells of the ARIA grid pattern.
                    role="gridcell"
                    tabIndex={-1}
                    aria-selected={selected}
                    aria-label={cellTitle(r, cell)}
                    title={cellTitle(r, cell)}
                    data-day={cell.date}
                    data-state={cell.state ?? ''}
                    className={`agenda-cell${selected ? ' agenda-selected' : ''}${focused ? ' agenda-focus' : ''}`}
                    style={info ? { background: info.colour, color: info.ink } : undefined}
                    onMouseDown={(e) => {
                      if (e.button === 0) pick(ri, ci, e.shiftKey)
                    }}
                    onContextMenu={(e) => {
                      e.preventDefault()
                      if (!selected) pick(ri, ci, false)
                      gridRef.current?.focus()
                      setMenu({ x: e.clientX, y: e.clientY })
                    }}
                  >
                    {info?.letter ?? ''}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {menu && rows[row] && (
        <div
          className="agenda-menu"
          role="menu"
          aria-label="Actions sur les jours choisis"
          style={{ left: menu.x, top: menu.y }}
        >
          <Text size="xs" c="dimmed" px={6} pb={4}>
            {rows[row].name} :{' '}
            {lo === hi ? formatDay(days[lo]) : `du ${formatDay(days[lo])} au ${formatDay(days[hi])}`}
          </Text>
          {ACTION_KEYS.map((a) => (
            <UnstyledButton
              key={a.action}
              role="menuitem"
              className="agenda-menu-item"
              display="block"
              w="100%"
              px={6}
              py={4}
              onClick={(e) => {
                e.stopPropagation()
                act(a.action)
              }}
            >
              <Text size="sm">
                <b>{a.key}</b> · {a.label}
              </Text>
            </UnstyledButton>
          ))}
        </div>
      )}
    </div>
  )
}

/** The keys, said once under the grid. */
export function AgendaKeysHelp() {
  return (
    <Text size="xs" c="dimmed">
      Flèches : se déplacer · Maj+flèches : étendre la sélection · Pg préc./Pg suiv. : mois ·{' '}
      {ACTION_KEYS.map((a) => `${a.key} : ${a.label.split(' (')[0].toLowerCase()}`).join(' · ')} · clic droit
      : menu
    </Text>
  )
}
