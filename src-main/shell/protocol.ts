import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { net, protocol } from 'electron'
import { injectNonce, newNonce, securityHeaders } from '../renderer-serving/csp'
import { contentType, resolveStaticPath } from '../renderer-serving/static-path'

/** Must run before the app is ready. */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/**
 * Serves the built renderer at app://marelle/…: files outside the renderer
 * folder are refused (path-traversal guard), index.html gets a fresh CSP
 * nonce on every load.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url)
    if (url.host !== 'marelle') return new Response('Introuvable', { status: 404 })
    const file = resolveStaticPath(rendererDir, url.pathname)
    if (!file) return new Response('Chemin refusé', { status: 403 })
    if (!file.endsWith('.html')) {
      const response = await net.fetch(pathToFileURL(file).toString())
      if (!response.ok) return new Response('Introuvable', { status: 404 })
      return new Response(response.body, {
        headers: { ...securityHeaders(null), 'Content-Type': contentType(file) },
      })
    }
    const nonce = newNonce()
    try {
      const html = injectNonce(await readFile(file, 'utf8'), nonce)
      return new Response(html, { headers: { ...securityHeaders(nonce), 'Content-Type': contentType(file) } })
    } catch {
      return new Response('Introuvable', { status: 404 })
    }
  })
}
