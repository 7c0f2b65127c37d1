import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { devToolsAllowed } from '../../src-main/shell/devtools'

// electron-builder cannot build installers here (it downloads Electron), but
// its configuration is checked with electron-builder's own loader and schema.
const require = createRequire(import.meta.url)
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, path: string | null, options: object | null): Promise<Record<string, unknown>>
  validateConfiguration(config: object, logger: { isEnabled: boolean; add(): void }): Promise<void>
}
const root = resolve(import.meta.dirname, '../..')

describe('installer configuration', () => {
  it('is valid for electron-builder and names the targets staff need', async () => {
    const config = await getConfig(root, resolve(root, 'electron-builder.yml'), null)
    await validateConfiguration(config, { isEnabled: false, add: () => {} })
    expect(config).toMatchObject({
      productName: 'Marelle',
      win: { target: [{ target: 'nsis', arch: ['x64'] }] },
      mac: { target: [{ target: 'dmg', arch: ['x64', 'arm64'] }] },
      afterPack: 'scripts/after-pack.cjs',
    })
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3-multiple-ciphers/**/*')
  })

  it('rejects a configuration electron-builder would refuse', async () => {
    await expect(
      validateConfiguration(
        { productName: 'Marelle', nsis: { oneClik: false } },
        { isEnabled: false, add: () => {} },
      ),
    ).rejects.toThrow()
  })

  it('flips every fuse the security posture asks for', async () => {
    const flipped: Record<string, unknown>[] = []
    const fuses = require('@electron/fuses') as typeof import('@electron/fuses')
    const original = fuses.flipFuses
    ;(fuses as { flipFuses: unknown }).flipFuses = async (_path: string, config: Record<string, unknown>) => {
      flipped.push(config)
    }
    try {
      const hook = require(resolve(root, 'scripts/after-pack.cjs')) as { default(ctx: object): Promise<void> }
      await hook.default({
        electronPlatformName: 'win32',
        arch: 1,
        appOutDir: '/tmp/out',
        packager: { appInfo: { productFilename: 'Marelle' } },
      })
    } finally {
      ;(fuses as { flipFuses: unknown }).flipFuses = original
    }
    const { FuseV1Options } = fuses
    expect(flipped[0]).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
  })

  it('keeps DevTools closed in packaged builds, whatever the environment says', () => {
    expect(devToolsAllowed(true, {})).toBe(false)
    expect(devToolsAllowed(true, { MARELLE_NO_DEVTOOLS: '' })).toBe(false)
    expect(devToolsAllowed(false, {})).toBe(true)
    expect(devToolsAllowed(false, { MARELLE_NO_DEVTOOLS: '1' })).toBe(false)
  })

  it('gives the window the DevTools setting of the build and shows the menu item only when allowed', () => {
    const window = readFileSync(resolve(root, 'src-main/shell/window.ts'), 'utf8')
    expect(window).toMatch(/devTools: options\.devTools/)
    const main = readFileSync(resolve(root, 'src-main/shell/main.ts'), 'utf8')
    expect(main).toContain('devTools: devToolsAllowed(app.isPackaged, process.env)')
    const menu = readFileSync(resolve(root, 'src-main/shell/menu.ts'), 'utf8')
    expect(menu).toContain('devToolsAllowed(app.isPackaged, process.env)')
  })
})
