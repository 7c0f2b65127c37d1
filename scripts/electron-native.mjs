// Builds better-sqlite3-multiple-ciphers for Electron's ABI into .cache/electron-native/,
// leaving the Node build in node_modules untouched: `npm test` (Node) and
// `npm start` (Electron) then both work from one install. Runs before
// `npm start` and `npm run dev`, never at install time: it needs the network
// (Electron's headers or a prebuilt binary), which CI machines lack.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = dirname(dirname(new URL(import.meta.url).pathname.replace(/^\/([A-Za-z]:)/, '$1')))
const electronVersion = require('electron/package.json').version
const sqlitePackage = dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'))
const sqliteVersion = require('better-sqlite3-multiple-ciphers/package.json').version
const target = process.env.npm_config_arch ?? process.arch
const outDir = join(root, '.cache', 'electron-native', `${process.platform}-${target}`)
const stampFile = join(outDir, 'stamp.json')
const stamp = JSON.stringify({ electronVersion, sqliteVersion })

// Electron 45 downloads its binary on first use, but electron-vite only
// looks for it: fetch it here so that `npm start` works on a fresh install.
const electronDir = dirname(require.resolve('electron/package.json'))
const pathFile = join(electronDir, 'path.txt')
if (!existsSync(pathFile) || !existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')))) {
  console.log(`Téléchargement d’Electron ${electronVersion}…`)
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' })
  if (fetched.status !== 0 || !existsSync(pathFile)) {
    console.error(
      'Impossible de télécharger Electron : il faut un accès à internet la première fois.\n' +
        'Les tests (npm test) et le mode web (npm run web) fonctionnent sans cela.',
    )
    process.exit(1)
  }
}

if (
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8') === stamp &&
  existsSync(join(outDir, 'better_sqlite3.node'))
) {
  process.exit(0)
}

console.log(
  `Compilation de better-sqlite3-multiple-ciphers ${sqliteVersion} pour Electron ${electronVersion} (${process.platform}-${target})…`,
)
const work = join(root, '.cache', 'electron-native', 'build')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
for (const entry of ['package.json', 'binding.gyp', 'src', 'deps', 'lib'])
  cpSync(join(sqlitePackage, entry), join(work, entry), { recursive: true })

const run = (command, args) =>
  spawnSync(command, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0

const prebuilt = run(process.execPath, [
  require.resolve('prebuild-install/bin.js'),
  '--runtime=electron',
  `--target=${electronVersion}`,
  `--arch=${target}`,
])
const built =
  prebuilt ||
  run(process.execPath, [
    require.resolve('node-gyp/bin/node-gyp.js'),
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${target}`,
    '--dist-url=https://electronjs.org/headers',
  ])

const binary = join(work, 'build', 'Release', 'better_sqlite3.node')
if (!built || !existsSync(binary)) {
  console.error(
    'Impossible de préparer better-sqlite3-multiple-ciphers pour Electron : il faut un accès à internet (en-têtes d’Electron ou binaire précompilé).\n' +
      'Les tests (npm test) et le mode web (npm run web) fonctionnent sans cela.',
  )
  process.exit(1)
}
mkdirSync(outDir, { recursive: true })
cpSync(binary, join(outDir, 'better_sqlite3.node'))
writeFileSync(stampFile, stamp)
rmSync(work, { recursive: true, force: true })
console.log(`Prêt : ${join(outDir, 'better_sqlite3.node')}`)
