// Whether the window may open Chromium's developer tools. Never in an
// installed build: DevTools would let anyone at the desk run code in the page
// with the signed-in staff member's rights and read every health record it
// can reach. In development they stay on unless MARELLE_NO_DEVTOOLS is set
// (the Electron shell tests set it to check the closed posture).
export function devToolsAllowed(packaged: boolean, env: Record<string, string | undefined>): boolean {
  return !packaged && !env.MARELLE_NO_DEVTOOLS
}
