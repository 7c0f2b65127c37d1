import { useEffect } from 'react'

/** "Marelle — Familles" in the window's title bar. */
export function useDocumentTitle(screen: string): void {
  useEffect(() => {
    document.title = screen ? `Marelle — ${screen}` : 'Marelle'
  }, [screen])
}
