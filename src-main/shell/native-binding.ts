import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { App } from 'electron'

/**
 * better-sqlite3 is compiled for Node in node_modules (tests, CLI, web host).
 * In development, Electron loads the copy built for its own ABI by
 * scripts/electron-native.mjs; the packaged app carries a binary rebuilt for
 * Electron by electron-builder, found the usual way.
 */
export function electronNativeBinding(app: App): string | undefined {
  if (app.isPackaged) return undefined
  const candidate = join(
    app.getAppPath(),
    '.cache',
    'electron-native',
    `${process.platform}-${process.arch}`,
    'better_sqlite3.node',
  )
  return existsSync(candidate) ? candidate : undefined
}
