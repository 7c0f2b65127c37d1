import { isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * Maps a URL path to a file inside `root`, or null when it would leave it
 * (../, encoded %2e%2e, backslashes, absolute paths, NUL bytes). "/" maps to
 * index.html.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const clean = decoded === '/' || decoded === '' ? '/index.html' : decoded
  const base = resolve(root)
  const target = resolve(base, `.${clean.startsWith('/') ? clean : `/${clean}`}`)
  const rel = relative(base, target)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null
  return target
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
}

export function contentType(file: string): string {
  const dot = file.lastIndexOf('.')
  return TYPES[dot >= 0 ? file.slice(dot).toLowerCase() : ''] ?? 'application/octet-stream'
}
