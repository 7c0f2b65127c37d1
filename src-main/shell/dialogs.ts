import { resolve } from 'node:path'
import { BrowserWindow, dialog } from 'electron'
import type { DesktopFiles } from '../backend/context'

/** The native open and save dialogs; each path staff choose is granted once to the back-end. */
export function desktopFiles(): DesktopFiles {
  const granted = new Set<string>()
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  return {
    async chooseSave(options) {
      const result = await dialog.showSaveDialog(parent(), {
        title: options.title,
        defaultPath: options.defaultName,
        filters: options.filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      })
      if (result.canceled || !result.filePath) return null
      granted.add(resolve(result.filePath))
      return result.filePath
    },
    async chooseOpen(options) {
      const result = await dialog.showOpenDialog(parent(), {
        title: options.title,
        filters: options.filters,
        properties: options.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
      })
      if (result.canceled) return []
      for (const path of result.filePaths) granted.add(resolve(path))
      return result.filePaths
    },
    consumeGrant(path) {
      return granted.delete(resolve(path))
    },
  }
}
