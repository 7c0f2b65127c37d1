import { useEffect } from 'react'

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

/**
 * Calls `onIdle` once after `minutes` without a key press, a click or a
 * pointer move in the window (docs/comptes.md). Disabled while `active` is false.
 */
export function useIdleLock(minutes: number, active: boolean, onIdle: () => void): void {
  useEffect(() => {
    if (!active) return
    let last = Date.now()
    const seen = () => {
      last = Date.now()
    }
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, seen, { capture: true, passive: true })
    const timer = window.setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) {
        window.clearInterval(timer)
        onIdle()
      }
    }, 1000)
    return () => {
      window.clearInterval(timer)
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, seen, { capture: true })
    }
  }, [minutes, active, onIdle])
}
