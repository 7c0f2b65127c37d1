import { useEffect, useRef } from 'react'

// Ctrl+S (⌘S on a Mac) saves the form staff are working in: the one that
// holds the focus, else the last one opened (a modal's, over its page).
// Matched on the physical key, as every shortcut of Marelle.

type Entry = { form: () => HTMLFormElement | null; save: () => void }
const open: Entry[] = []

function onKeyDown(event: KeyboardEvent) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.code !== 'KeyS') return
  event.preventDefault()
  const focused = document.activeElement
  const holder = open.find((e) => focused && e.form()?.contains(focused))
  ;(holder ?? open[open.length - 1])?.save()
}

/** Registers a form for Ctrl+S while it is shown. */
export function useSaveShortcut(save: () => void): React.RefObject<HTMLFormElement | null> {
  const ref = useRef<HTMLFormElement | null>(null)
  const latest = useRef(save)
  latest.current = save
  useEffect(() => {
    const entry: Entry = { form: () => ref.current, save: () => latest.current() }
    if (open.length === 0) document.addEventListener('keydown', onKeyDown)
    open.push(entry)
    return () => {
      open.splice(open.indexOf(entry), 1)
      if (open.length === 0) document.removeEventListener('keydown', onKeyDown)
    }
  }, [])
  return ref
}
