import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Why the Electron suite cannot run here, or null when it can. Never triggers a download. */
export function electronUnavailable(root: string): string | null {
  const pkg = join(root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile) || !existsSync(join(pkg, 'dist', readFileSync(pathFile, 'utf8'))))
    return 'Suite Electron ignorée : le binaire d’Electron n’est pas installé sur cette machine (pas d’accès à internet pour le télécharger). Lancez `npm start` une fois sur une machine connectée, puis `npm run test:electron`.'
  const native = join(
    root,
    '.cache',
    'electron-native',
    `${process.platform}-${process.arch}`,
    'better_sqlite3.node',
  )
  if (!existsSync(native))
    return 'Suite Electron ignorée : better-sqlite3 n’est pas compilé pour Electron ici. Lancez `node scripts/electron-native.mjs` sur une machine connectée.'
  if (!existsSync(join(root, 'out', 'main', 'index.js')))
    return 'Suite Electron ignorée : lancez d’abord `npm run build`.'
  return null
}
