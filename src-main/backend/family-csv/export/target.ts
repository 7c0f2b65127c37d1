import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { writeZip } from '../../csv/index'
import { AppError } from '../../errors'
import type { ExportedFile } from './collect'

// Puts an export where staff asked: a .zip (one file to mail or archive) or
// a folder of six CSV files. Files are written under a temporary name and
// renamed at the end, so an interrupted export never leaves a half-written
// file that looks complete; a folder that already holds files is refused,
// so an export never mixes with, or overwrites, other files.

export type ExportForm = 'zip' | 'folder'

/** `.zip` when the path ends so, else a folder (the command line's rule). */
export function formOf(path: string): ExportForm {
  return path.toLowerCase().endsWith('.zip') ? 'zip' : 'folder'
}

async function isNonEmptyFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory() && (await readdir(path)).length > 0
  } catch {
    return false
  }
}

/** Refuses a target that would overwrite something; says why in French. */
export async function checkTarget(path: string, form: ExportForm, overwriteZip: boolean): Promise<void> {
  if (form === 'folder') {
    if (await isNonEmptyFolder(path))
      throw new AppError(
        'VALIDATION',
        `Le dossier ${path} n’est pas vide : choisissez un dossier vide ou un nouveau nom. Rien n’a été écrit.`,
      )
    if (existsSync(path) && !(await stat(path)).isDirectory())
      throw new AppError(
        'VALIDATION',
        `${path} est un fichier, pas un dossier : choisissez un autre nom. Rien n’a été écrit.`,
      )
  } else if (!overwriteZip && existsSync(path))
    throw new AppError(
      'VALIDATION',
      `Le fichier ${path} existe déjà : choisissez un autre nom. Rien n’a été écrit.`,
    )
}

const partial = (path: string) => join(dirname(path), `.${basename(path)}.partiel`)

export async function writeExport(
  files: readonly ExportedFile[],
  path: string,
  form: ExportForm,
  now: Date,
): Promise<void> {
  if (form === 'zip') {
    await mkdir(dirname(path), { recursive: true })
    const data = writeZip(
      files.map((f) => ({ name: f.name, data: f.data })),
      now,
    )
    try {
      await writeFile(partial(path), data)
      await rename(partial(path), path)
    } catch (error) {
      await rm(partial(path), { force: true })
      throw error
    }
    return
  }
  const created = !existsSync(path)
  await mkdir(path, { recursive: true })
  try {
    for (const file of files) await writeFile(partial(join(path, file.name)), file.data)
    for (const file of files) await rename(partial(join(path, file.name)), join(path, file.name))
  } catch (error) {
    for (const file of files) await rm(partial(join(path, file.name)), { force: true })
    if (created) await rm(path, { recursive: true, force: true })
    throw error
  }
}
