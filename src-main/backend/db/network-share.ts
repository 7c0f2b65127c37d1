import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statfsSync } from 'node:fs'
import { dirname, resolve, win32 } from 'node:path'
import { AppError } from '../errors'

// SQLite's locking relies on the local file system: on a network share
// (SMB, NFS, AFP, WebDAV…) two posts can write at once and damage the file,
// and a dropped connection in the middle of a commit loses it. Marelle
// refuses such a location where it can be detected (see docs/architecture.md,
// "Stockage"): a UNC path on Windows (\\serveur\partage\…), a network file
// system on Linux (statfs f_type, then the mount table) and on macOS (the
// mount table). A network drive mapped to a letter on Windows (Z:) is not
// detected.

/** File systems that live on another machine, as `mount` and /proc/self/mounts name them. */
const NETWORK_FS_TYPES = new Set([
  'nfs',
  'nfs4',
  'smbfs',
  'cifs',
  'smb3',
  'afpfs',
  'webdav',
  'davfs',
  'ncpfs',
  'afs',
  '9p',
  'ceph',
  'glusterfs',
  'fuse.sshfs',
  'fuse.glusterfs',
  'fuse.rclone',
  'fuse.davfs',
])

/** statfs f_type magic numbers of Linux network file systems (linux/magic.h). */
const LINUX_NETWORK_MAGIC = new Map<number, string>([
  [0x6969, 'nfs'],
  [0x517b, 'smbfs'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x564c, 'ncpfs'],
  [0x5346414f, 'afs'],
  [0x73757245, 'coda'],
  [0x01021997, '9p'],
  [0x00c36400, 'ceph'],
])

/** `\\serveur\partage\marelle.db` or `//serveur/partage/…` (but not `\\?\C:\…`, a local long path). */
export function isUncPath(path: string): boolean {
  if (/^[\\/]{2}[?.][\\/][A-Za-z]:/.test(path)) return false
  if (/^[\\/]{2}[?.][\\/]UNC[\\/]/i.test(path)) return true
  return /^[\\/]{2}[^\\/?.][^\\/]*[\\/][^\\/]+/.test(path)
}

/** The network file system name for a statfs f_type on Linux, or null. */
export function linuxNetworkFsOfMagic(type: number): string | null {
  return LINUX_NETWORK_MAGIC.get(type >>> 0) ?? null
}

interface Mount {
  point: string
  type: string
}

/** Linux /proc/self/mounts: "serveur:/export /mnt/partage nfs4 rw,… 0 0" (spaces in paths as \040). */
function linuxMounts(table: string): Mount[] {
  return table
    .split('\n')
    .map((line) => line.split(' '))
    .filter((parts) => parts.length >= 3)
    .map(([, point, type]) => ({ point: point.replace(/\\040/g, ' '), type }))
}

/** macOS `mount`: "//u@serveur/partage on /Volumes/partage (smbfs, nodev, nosuid, mounted by u)". */
function macMounts(table: string): Mount[] {
  const mounts: Mount[] = []
  for (const line of table.split('\n')) {
    const match = / on (.+) \(([^,)]+)/.exec(line)
    if (match) mounts.push({ point: match[1], type: match[2].trim() })
  }
  return mounts
}

/** The file system type holding `path` per a mount table (the longest mount point that contains it). */
export function mountTypeOf(path: string, table: string, format: 'linux' | 'mac'): string | null {
  const mounts = format === 'linux' ? linuxMounts(table) : macMounts(table)
  let best: Mount | null = null
  for (const m of mounts) {
    const point = m.point.endsWith('/') ? m.point : `${m.point}/`
    const inside = m.point === '/' || path === m.point || path.startsWith(point)
    if (inside && (!best || m.point.length > best.point.length)) best = m
  }
  return best?.type ?? null
}

export function isNetworkFsType(type: string | null): boolean {
  return type !== null && NETWORK_FS_TYPES.has(type.toLowerCase())
}

export interface ShareProbe {
  platform: NodeJS.Platform
  /** statfs f_type of the folder (Linux), when it can be read. */
  statfsType?: number | null
  /** The mount table (/proc/self/mounts on Linux, `mount` on macOS), when it can be read. */
  mountTable?: string | null
}

/**
 * The kind of network share that holds `path` ('UNC', 'nfs4', 'smbfs'…), or
 * null when it looks local. Pure: the caller gathers the probe.
 */
export function networkShareOf(path: string, probe: ShareProbe): string | null {
  if (probe.platform === 'win32') return isUncPath(path) ? 'UNC' : null
  if (probe.platform === 'linux' && probe.statfsType !== undefined && probe.statfsType !== null) {
    const byMagic = linuxNetworkFsOfMagic(probe.statfsType)
    if (byMagic) return byMagic
  }
  if (probe.mountTable) {
    const type = mountTypeOf(path, probe.mountTable, probe.platform === 'darwin' ? 'mac' : 'linux')
    if (isNetworkFsType(type)) return type
  }
  return null
}

/** The nearest existing folder of `path` (the database file may not exist yet). */
function existingFolder(path: string): string {
  let dir = dirname(path)
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

/** Reads the probe for this machine; any part that cannot be read is left out. */
export function probeFor(path: string): ShareProbe {
  const platform = process.platform
  if (platform === 'win32') return { platform }
  const folder = existingFolder(path)
  let statfsType: number | null = null
  let mountTable: string | null = null
  try {
    if (platform === 'linux') statfsType = statfsSync(folder).type
  } catch {}
  try {
    mountTable =
      platform === 'linux'
        ? readFileSync('/proc/self/mounts', 'utf8')
        : platform === 'darwin'
          ? execFileSync('/sbin/mount', { encoding: 'utf8', timeout: 2000 })
          : null
  } catch {}
  return { platform, statfsType, mountTable }
}

/** Refuses a database on a network share, in French; `:memory:` and local files pass. */
export function refuseNetworkShare(path: string, probe?: ShareProbe): void {
  if (path === ':memory:' || path === '') return
  const full = process.platform === 'win32' ? win32.resolve(path) : resolve(path)
  const share = networkShareOf(full, probe ?? probeFor(full))
  if (!share) return
  throw new AppError(
    'UNAVAILABLE',
    `La base de données ${full} est sur un partage réseau (${share}) : Marelle refuse de l’ouvrir. ` +
      'SQLite ne garantit pas ses verrous sur un partage réseau : deux postes pourraient écrire en même temps et endommager les dossiers, ' +
      'et une coupure du réseau pendant un enregistrement peut le perdre. ' +
      'Placez la base sur un disque de ce poste (la variable MARELLE_DATA_DIR désigne un autre dossier) ; les sauvegardes peuvent, elles, être copiées sur le réseau.',
  )
}
