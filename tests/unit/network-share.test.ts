import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  isUncPath,
  linuxNetworkFsOfMagic,
  mountTypeOf,
  networkShareOf,
  refuseNetworkShare,
} from '../../src-main/backend/db/network-share'
import { openDatabase } from '../../src-main/backend/db/open'

const LINUX_MOUNTS = [
  'proc /proc proc rw,relatime 0 0',
  '/dev/sda1 / ext4 rw,relatime 0 0',
  'tmpfs /tmp tmpfs rw 0 0',
  'nas:/export/mairie /mnt/mairie nfs4 rw,relatime,vers=4.2 0 0',
  '//nas/enfance /mnt/partage\\040enfance cifs rw,relatime 0 0',
  'user@nas:/srv /home/agent/sshfs fuse.sshfs rw 0 0',
  '/dev/sdb1 /mnt/mairie/local ext4 rw 0 0',
].join('\n')

const MAC_MOUNTS = [
  '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
  '/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)',
  '//agent@nas._smb._tcp.local/Enfance on /Volumes/Enfance (smbfs, nodev, nosuid, mounted by agent)',
  'nas:/export on /Volumes/nfs share (nfs, asynchronous)',
  'afp_1kS on /Volumes/Archives (afpfs, nodev, nosuid, mounted by agent)',
  '/dev/disk4s1 on /Volumes/Clé USB (msdos, local, nodev, nosuid, noowners)',
].join('\n')

describe('UNC paths (Windows)', () => {
  it('are shares; drive letters and local long paths are not', () => {
    expect(isUncPath('\\\\serveur\\partage\\marelle.db')).toBe(true)
    expect(isUncPath('//serveur/partage/marelle.db')).toBe(true)
    expect(isUncPath('\\\\?\\UNC\\serveur\\partage\\marelle.db')).toBe(true)
    expect(isUncPath('\\\\?\\C:\\Users\\agent\\marelle.db')).toBe(false)
    expect(isUncPath('C:\\Users\\agent\\AppData\\Roaming\\Marelle\\marelle.db')).toBe(false)
    expect(isUncPath('/home/agent/marelle.db')).toBe(false)
    expect(networkShareOf('\\\\serveur\\partage\\marelle.db', { platform: 'win32' })).toBe('UNC')
    expect(networkShareOf('C:\\Marelle\\marelle.db', { platform: 'win32' })).toBeNull()
  })
})

describe('Linux', () => {
  it('knows network file systems by their statfs magic number', () => {
    expect(linuxNetworkFsOfMagic(0x6969)).toBe('nfs')
    expect(linuxNetworkFsOfMagic(0xff534d42)).toBe('cifs')
    expect(linuxNetworkFsOfMagic(0xfe534d42)).toBe('smb2')
    expect(linuxNetworkFsOfMagic(0xff534d42 | 0)).toBe('cifs') // statfs may give it signed
    expect(linuxNetworkFsOfMagic(0xef53)).toBeNull() // ext4
    expect(networkShareOf('/srv/marelle.db', { platform: 'linux', statfsType: 0x6969 })).toBe('nfs')
  })

  it('reads the mount table, longest mount point first', () => {
    expect(mountTypeOf('/mnt/mairie/enfance/marelle.db', LINUX_MOUNTS, 'linux')).toBe('nfs4')
    expect(mountTypeOf('/mnt/mairie/local/marelle.db', LINUX_MOUNTS, 'linux')).toBe('ext4')
    expect(mountTypeOf('/mnt/partage enfance/marelle.db', LINUX_MOUNTS, 'linux')).toBe('cifs')
    expect(mountTypeOf('/mnt/mairiex/marelle.db', LINUX_MOUNTS, 'linux')).toBe('ext4')
    const probe = { platform: 'linux' as const, statfsType: 0xef53, mountTable: LINUX_MOUNTS }
    expect(networkShareOf('/mnt/mairie/marelle.db', probe)).toBe('nfs4')
    expect(networkShareOf('/home/agent/sshfs/marelle.db', probe)).toBe('fuse.sshfs')
    expect(networkShareOf('/home/agent/marelle.db', probe)).toBeNull()
    expect(networkShareOf('/tmp/marelle.db', probe)).toBeNull()
  })
})

describe('macOS', () => {
  it('reads `mount`: SMB, NFS and AFP volumes are shares, a USB key is not', () => {
    const probe = { platform: 'darwin' as const, mountTable: MAC_MOUNTS }
    expect(networkShareOf('/Volumes/Enfance/Marelle/marelle.db', probe)).toBe('smbfs')
    expect(networkShareOf('/Volumes/nfs share/marelle.db', probe)).toBe('nfs')
    expect(networkShareOf('/Volumes/Archives/marelle.db', probe)).toBe('afpfs')
    expect(networkShareOf('/Volumes/Clé USB/marelle.db', probe)).toBeNull()
    expect(networkShareOf('/Users/agent/Library/Application Support/Marelle/marelle.db', probe)).toBeNull()
  })
})

describe('opening a database', () => {
  it('is refused on a share, in French, before any file is touched', () => {
    expect(() =>
      refuseNetworkShare('/Volumes/Enfance/marelle.db', { platform: 'darwin', mountTable: MAC_MOUNTS }),
    ).toThrow(/est sur un partage réseau \(smbfs\) : Marelle refuse de l’ouvrir/)
  })

  it('works on this machine’s local disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marelle-share-'))
    try {
      const opened = openDatabase(join(dir, 'marelle.db'))
      expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      await opened.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
