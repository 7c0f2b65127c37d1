import { type CSSProperties, type ReactNode, useCallback, useRef, useState } from 'react'

interface Props {
  /** 'row': side by side, the handle moves left and right; 'column': one above the other. */
  direction: 'row' | 'column'
  /** Where the chosen split is kept on this computer (localStorage). */
  storageKey: string
  /** Share of the first pane, 0–1, until staff move the handle. */
  initial: number
  /** Smallest size of each pane, in pixels. */
  minFirst: number
  minSecond: number
  /** Read by screen readers: "Taille de la liste". */
  label: string
  first: ReactNode
  second: ReactNode
}

const STEP = 0.05

function stored(key: string, fallback: number): number {
  const value = Number(localStorage.getItem(key))
  return Number.isFinite(value) && value > 0.05 && value < 0.95 ? value : fallback
}

/**
 * Two panes and a handle between them, moved with the mouse or the arrow
 * keys (it is a focusable separator); the split is kept per screen.
 */
export function SplitPane(props: Props) {
  const { direction, storageKey } = props
  const key = `marelle.split.${storageKey}.${direction}`
  const [share, setShare] = useState(() => stored(key, props.initial))
  const box = useRef<HTMLDivElement>(null)
  const row = direction === 'row'

  const clamp = useCallback(
    (value: number) => {
      const size = row ? box.current?.clientWidth : box.current?.clientHeight
      if (!size) return value
      return Math.min(1 - props.minSecond / size, Math.max(props.minFirst / size, value))
    },
    [row, props.minFirst, props.minSecond],
  )
  const choose = (value: number) => {
    const next = clamp(value)
    setShare(next)
    localStorage.setItem(key, String(next))
  }

  const startDrag = (event: React.PointerEvent<HTMLDivElement>) => {
    const rect = box.current?.getBoundingClientRect()
    if (!rect) return
    event.currentTarget.setPointerCapture(event.pointerId)
    const move = (e: PointerEvent) =>
      choose(row ? (e.clientX - rect.left) / rect.width : (e.clientY - rect.top) / rect.height)
    const stop = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', stop)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', stop)
  }

  const pane = (basis: string): CSSProperties => ({
    flex: `0 0 ${basis}`,
    minWidth: 0,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
  })
  return (
    <div ref={box} style={{ display: 'flex', flexDirection: direction, flex: 1, minHeight: 0, minWidth: 0 }}>
      <div style={pane(`calc(${share * 100}% - 5px)`)}>{props.first}</div>
      {/* biome-ignore lint/a11y/useSemanticElements: a movable separator has no HTML element (WAI-ARIA window splitter) */}
      <div
        role="separator"
        tabIndex={0}
        aria-label={props.label}
        aria-orientation={row ? 'vertical' : 'horizontal'}
        aria-valuenow={Math.round(share * 100)}
        aria-valuemin={0}
        aria-valuemax={100}
        className={`split-handle split-handle-${direction}`}
        onPointerDown={startDrag}
        onDoubleClick={() => choose(props.initial)}
        onKeyDown={(e) => {
          const back = row ? 'ArrowLeft' : 'ArrowUp'
          const forth = row ? 'ArrowRight' : 'ArrowDown'
          if (e.key === back || e.key === forth) {
            e.preventDefault()
            choose(share + (e.key === forth ? STEP : -STEP))
          }
        }}
      />
      <div style={pane(`calc(${(1 - share) * 100}% - 5px)`)}>{props.second}</div>
    </div>
  )
}
