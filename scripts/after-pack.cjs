// electron-builder afterPack hook: flips Electron's fuses in the packaged
// binary, before signing. Runs on the packaging machine only. DevTools are
// off in packaged builds by src-main/shell/devtools.ts (no fuse exists for them).
const path = require('node:path')
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses')

const EXTENSIONS = { darwin: '.app', win32: '.exe', linux: '' }

exports.default = async function afterPack(context) {
  const platform = context.electronPlatformName
  const name = context.packager.appInfo.productFilename
  const binary = path.join(context.appOutDir, `${name}${EXTENSIONS[platform] ?? ''}`)
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // arm64 macOS binaries must stay ad-hoc signed after their bytes change.
    resetAdHocDarwinSignature: platform === 'darwin' && context.arch === 3,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // file:// pages get no more rights than other origins (the app loads from app://).
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  })
}
