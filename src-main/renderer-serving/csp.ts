import { randomBytes } from 'node:crypto'

/** A fresh nonce for each load of the page. */
export function newNonce(): string {
  return randomBytes(18).toString('base64')
}

/**
 * The page's Content Security Policy: scripts only from the app itself, no
 * eval, no inline script; style elements only from the app or with the
 * page's nonce (AG Grid and Mantine inject theirs with it). Frames only
 * from blob: URLs, which only the page itself can make: the previews of
 * the PDFs the back-end writes (day lists, invoices, letters). Without it
 * the previews stayed blank.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    'frame-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}

export const NONCE_PLACEHOLDER = '__CSP_NONCE__'

/** Puts the nonce where the page reads it (a meta tag) before serving index.html. */
export function injectNonce(html: string, nonce: string): string {
  return html.replaceAll(NONCE_PLACEHOLDER, nonce)
}

/** Headers for every response of the app's own origin. */
export function securityHeaders(nonce: string | null): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
  if (nonce) headers['Content-Security-Policy'] = contentSecurityPolicy(nonce)
  return headers
}
