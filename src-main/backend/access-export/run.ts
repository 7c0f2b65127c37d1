import { existsSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { AccessExportResult } from '@shared/contract/access-export'
import { dayInFrance } from '@shared/format/date'
import { writeAudit } from '../audit/service'
import { statement } from '../billing/statement'
import { statementJson } from '../billing/statement-json'
import type { StaffContext } from '../context'
import { writeZip } from '../csv/index'
import { inTransaction } from '../db/transaction'
import { AppError, forbidden, notFound } from '../errors'
import { readFamilyDocument } from '../families/document'
import type { JobContext } from '../jobs/types'
import { communeName } from '../lists/commune'
import { canSeeFinance, canSeeHealth } from '../settings/service'
import { readActivity } from './activity'
import { readJournal } from './journal'
import { accessPdf } from './pdf'
import { readRecords } from './records'

// A family's access request (docs/droit-d-acces.md): everything Marelle holds
// about it in one .zip. The same steps for the window (a job) and the command
// line (inline): the health right checked first, the family read (each
// child's health data traced as read by the export), the files written
// under a temporary name, then one audit entry for the export.

export type ExportContext = StaffContext & Pick<JobContext, 'progress' | 'throwIfCancelled'>

export const ACCESS_EXPORT_ACTION = 'family.access-export'
/** What read the health data, in the trace of each child (docs/donnees-de-sante.md). */
export const ACCESS_EXPORT_WHERE = 'export du droit d’accès'

export const ACCESS_EXPORT_FORMAT = 'marelle.droit-d-acces'
export const ACCESS_EXPORT_VERSION = 1

/** Refuses, in French, a role that may not see the children's health data. */
export async function requireAccessExport(ctx: StaffContext): Promise<void> {
  if (!(await canSeeHealth(ctx.db, ctx.actor)))
    throw forbidden(
      'Votre rôle ne permet pas de voir les données de santé des enfants : l’export du droit d’accès, qui les contient, est réservé aux rôles autorisés (Paramètres → Données de santé).',
    )
}

export async function familyNumberOf(ctx: StaffContext, familyId: number): Promise<string> {
  const row = await ctx.db
    .selectFrom('families')
    .select('number')
    .where('id', '=', familyId)
    .executeTakeFirst()
  if (!row) throw notFound('Famille')
  return row.number
}

export function accessExportName(number: string, now: Date): string {
  return `droit-d-acces-${number}-${dayInFrance(now)}.zip`
}

/** The two JSON files and the PDF of one family, as the .zip holds them. */
async function buildFiles(ctx: ExportContext, number: string) {
  const now = ctx.clock.now()
  ctx.progress({ phase: 'Lecture du dossier', done: 0, total: 4 })
  const read = await readFamilyDocument(ctx, number, ACCESS_EXPORT_WHERE)
  const financeAllowed = await canSeeFinance(ctx.db, ctx.actor)
  const familyId = read.family.id
  const children = read.children.map((c) => ({ id: c.id, identifier: c.identifier }))
  ctx.throwIfCancelled()
  ctx.progress({ phase: 'Lecture de l’activité', done: 1 })
  const [commune, releve, activity, records] = await Promise.all([
    communeName(ctx.db),
    statement(ctx.db, familyId, dayInFrance(now)),
    readActivity(ctx.db, children),
    readRecords(ctx.db, familyId, children, { financeAllowed }),
  ])
  ctx.throwIfCancelled()
  ctx.progress({ phase: 'Lecture du journal', done: 2 })
  const journal = await readJournal(ctx, familyId, children)
  const head = {
    format: ACCESS_EXPORT_FORMAT,
    version: ACCESS_EXPORT_VERSION,
    produit_le: now.toISOString(),
    produit_par: ctx.actor.displayName,
    commune,
  }
  const data = {
    ...head,
    // As `family show --json` prints it, relevé de compte included.
    famille: { ...read.document, releve: statementJson(releve) },
    donnees_omises: financeAllowed ? [] : ['donnees_fiscales', 'coordonnees_bancaires'],
    ...activity,
    ...records,
  }
  ctx.throwIfCancelled()
  ctx.progress({ phase: 'Mise en page du PDF', done: 3 })
  const pdf = await accessPdf({
    commune,
    now,
    family: read.family,
    children: read.children,
    activity,
    records,
    journal,
    financeOmitted: !financeAllowed,
  })
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8')
  return {
    familyId,
    children: children.length,
    auditEntries: journal.entrees.length,
    financeOmitted: !financeAllowed,
    files: [
      { name: `famille-${number}.pdf`, data: pdf },
      { name: `famille-${number}.json`, data: json(data) },
      { name: `journal-${number}.json`, data: json({ ...head, famille: number, ...journal }) },
    ],
  }
}

const partial = (path: string) => join(dirname(path), `.${basename(path)}.partiel`)

async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  try {
    await writeFile(partial(path), data)
    await rename(partial(path), path)
  } catch (error) {
    await rm(partial(path), { force: true })
    throw error
  }
}

export interface AccessExportRequest {
  familyId: number
  path: string
  /** True when staff already confirmed replacing the file (desktop save dialog). */
  overwrite: boolean
}

/** Writes the .zip of one family to `path`; audited once written. */
export async function runAccessExport(
  ctx: ExportContext,
  request: AccessExportRequest,
): Promise<Omit<AccessExportResult, 'download'>> {
  await requireAccessExport(ctx)
  const number = await familyNumberOf(ctx, request.familyId)
  if (!request.overwrite && existsSync(request.path))
    throw new AppError(
      'VALIDATION',
      `Le fichier ${request.path} existe déjà : choisissez un autre nom. Rien n’a été écrit.`,
    )
  const built = await buildFiles(ctx, number)
  ctx.throwIfCancelled()
  ctx.progress({ phase: 'Enregistrement de l’archive', done: 4 })
  await writeAtomically(request.path, writeZip(built.files, ctx.clock.now()))
  await inTransaction(ctx.db, (trx) =>
    writeAudit(trx, ctx.actor, ctx.clock, {
      action: ACCESS_EXPORT_ACTION,
      entityType: 'family',
      entityId: built.familyId,
      familyId: built.familyId,
      note: `Export du droit d’accès : ${built.files.length} fichiers, ${built.children} enfant${built.children > 1 ? 's' : ''}, ${built.auditEntries} entrée${built.auditEntries > 1 ? 's' : ''} du journal`,
    }),
  )
  return {
    familyNumber: number,
    fileName: basename(request.path),
    path: request.path,
    files: built.files.map((f) => ({ name: f.name, bytes: f.data.length })),
    children: built.children,
    auditEntries: built.auditEntries,
    financeOmitted: built.financeOmitted,
  }
}
