import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, injectNonce } from '../../src-main/renderer-serving/csp'
import { resolveStaticPath } from '../../src-main/renderer-serving/static-path'

const root = resolve('/srv/marelle/renderer')

describe('the path-traversal guard', () => {
  it('maps app paths inside the renderer folder', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'))
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets/index-abc.js'))
    expect(resolveStaticPath(root, '/assets/caf%C3%A9.png')).toBe(join(root, 'assets/café.png'))
  })

  it('refuses every way out of it', () => {
    for (const bad of [
      '/../secret.db',
      '/assets/../../secret.db',
      '/%2e%2e/secret.db',
      '/%2E%2E%2Fsecret.db',
      '/..%5csecret.db',
      '/assets\\..\\..\\secret.db',
      '/%00index.html',
      '/%E0%A4%A', // malformed escape
    ])
      expect(resolveStaticPath(root, bad), bad).toBeNull()
  })
})

describe('the content security policy', () => {
  it('allows no inline script and no eval, and styles only with the nonce', () => {
    const csp = contentSecurityPolicy('abc')
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("style-src 'self' 'nonce-abc'")
    expect(injectNonce('<meta content="__CSP_NONCE__">', 'abc')).toBe('<meta content="abc">')
  })
})
