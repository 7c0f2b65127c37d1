import { app, Menu, type MenuItemConstructorOptions, shell } from 'electron'
import { devToolsAllowed } from './devtools'
import type { DesktopPaths } from './paths'

/** The application menu, in French. */
export function installMenu(paths: DesktopPaths): void {
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: 'Marelle',
            submenu: [
              { role: 'about', label: 'À propos de Marelle' },
              { type: 'separator' },
              { role: 'hide', label: 'Masquer Marelle' },
              { role: 'hideOthers', label: 'Masquer les autres' },
              { role: 'unhide', label: 'Tout afficher' },
              { type: 'separator' },
              { role: 'quit', label: 'Quitter Marelle' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'Fichier',
      submenu: [
        { label: 'Ouvrir le dossier des sauvegardes', click: () => void shell.openPath(paths.backupsDir) },
        { label: 'Ouvrir le dossier des journaux', click: () => void shell.openPath(paths.logsDir) },
        { type: 'separator' },
        isMac ? { role: 'close', label: 'Fermer la fenêtre' } : { role: 'quit', label: 'Quitter' },
      ],
    },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        { type: 'separator' },
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        { role: 'resetZoom', label: 'Taille réelle' },
        { role: 'zoomIn', label: 'Zoom avant' },
        { role: 'zoomOut', label: 'Zoom arrière' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Plein écran' },
        ...(devToolsAllowed(app.isPackaged, process.env)
          ? [{ role: 'toggleDevTools', label: 'Outils de développement' } as const]
          : []),
      ],
    },
    {
      label: 'Fenêtre',
      submenu: [
        { role: 'minimize', label: 'Réduire' },
        { role: 'zoom', label: 'Agrandir' },
      ],
    },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
