import { z } from '../zod'
import { channel } from './define'

// Family files in CSV (docs/fichiers-csv.md): export to a folder or a
// .zip, import with a preview, column mapping for other software's files.
// The work runs as jobs (jobs/status, jobs/cancel); these channels start
// them and move the files in and out (dialogs in the desktop app, uploads
// and downloads in the web mode).

export const CSV_FILE_KEYS = [
  'familles',
  'responsables',
  'enfants',
  'personnesAutorisees',
  'vaccinations',
  'sante',
] as const
export type CsvFileKey = (typeof CSV_FILE_KEYS)[number]

export interface ChangeCount {
  added: number
  changed: number
  unchanged: number
}

/** Rows to add, to change, and already right, per kind of record. */
export type ImportCounts = Record<CsvFileKey, ChangeCount>

/** "enfants.csv, ligne 12, colonne « Nom » : message", as data for the grid. */
export interface CsvProblemView {
  file: string
  line?: number
  column?: string
  columnNumber?: number
  message: string
}

export interface ImportedFileView {
  name: string
  /** Which of the six files it is, or 'autre' for another software's file read through a mapping. */
  kind: CsvFileKey | 'autre'
  /** "UTF-8 avec BOM", "Windows-1252"…; empty when the file could not be read. */
  encoding: string
  /** "point-virgule", "virgule" or "tabulation"; empty when the file could not be read. */
  separator: string
  rows: number
  /** Columns recognised under another spelling ("CODE POSTAL"). */
  renamed: { column: string; found: string }[]
  /** Columns the file lacks: those fields are left as they are. */
  missing: string[]
}

/** A column of the six files a foreign column can be mapped to, e.g. "enfant:Nom". */
export interface MappingTarget {
  value: string
  label: string
  group: string
}

export interface ForeignFileView {
  name: string
  headers: string[]
  /** Per header, the target proposed (saved mapping first, else synonyms), or null to ignore the column. */
  proposal: (string | null)[]
  /** True when the proposal is the mapping staff saved for this set of headers. */
  saved: boolean
  /** True when the mapping in use was confirmed (sent by staff or saved before). */
  confirmed: boolean
  /** The first rows, to help staff recognise the columns. */
  sample: string[][]
}

export interface ImportReport {
  files: ImportedFileView[]
  counts: ImportCounts
  /** The problems, capped per file (the last one of a file then counts those left out). */
  problems: CsvProblemView[]
  problemCount: number
  foreign: ForeignFileView[]
  mappingTargets: MappingTarget[]
  /** No problem and something to write. */
  canImport: boolean
  /** True once the import is written (importRun only). */
  written: boolean
  /** Audit entries written, one per record added or changed. */
  auditEntries: number
  /** How long the write transaction held the database's write lock, in ms. */
  lockMs: number
}

export interface ExportResult {
  families: number
  files: { name: string; rows: number }[]
  /** Where it was written (desktop, CLI). */
  path: string | null
  /** What to fetch with csv/downloadChunk (web mode). */
  download: { id: string; name: string; size: number } | null
  /** True when the staff member's role may not see health data: vaccinations, health rows and health columns were left out. */
  healthOmitted: boolean
}

const id = z.string().uuid().describe('Identifiant')
const mappings = z
  .record(z.string().max(255), z.array(z.string().max(100).nullable()).max(1000))
  .optional()
  .describe('Correspondance des colonnes')
const path = z.string().min(1).max(4096).describe('Chemin')

export const exportScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({ kind: z.literal('families'), ids: z.array(z.number().int().positive()).min(1).max(500_000) })
    .strict(),
  z.object({ kind: z.literal('search'), query: z.string().max(200) }).strict(),
])
export type ExportScope = z.infer<typeof exportScope>

/** Raw bytes per upload call; base64 makes them a third larger. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024
export const DOWNLOAD_CHUNK_BYTES = 4 * 1024 * 1024

export const csvChannels = {
  /** Starts an export; `path` (desktop: granted by files/chooseSave) or, without it, a .zip to download. */
  'csv/exportStart': channel(
    z.object({ scope: exportScope, form: z.enum(['zip', 'folder']), path: path.optional() }).strict(),
    { maxBytes: 8 * 1024 * 1024 },
  ).returns<{ jobId: string }>(),
  'csv/downloadChunk': channel(z.object({ id, offset: z.number().int().min(0) }).strict()).returns<{
    name: string
    size: number
    base64: string
  }>(),
  /** Desktop: files granted by files/chooseOpen (CSV, .zip). */
  'csv/importOpen': channel(z.object({ paths: z.array(path).min(1).max(20) }).strict(), {
    access: 'responsable',
  }).returns<{ importId: string; files: string[] }>(),
  /** Web mode: an empty import to upload files into. */
  'csv/importCreate': channel(z.object({}).strict(), { access: 'responsable' }).returns<{
    importId: string
  }>(),
  'csv/importUpload': channel(
    z
      .object({
        importId: id,
        name: z.string().min(1).max(255),
        offset: z.number().int().min(0),
        base64: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4 + 4),
      })
      .strict(),
    { access: 'responsable', maxBytes: UPLOAD_CHUNK_BYTES * 2 },
  ).returns<{ size: number }>(),
  /** Checks the files and says what an import would do; writes nothing. */
  'csv/importPreview': channel(z.object({ importId: id, mappings }).strict(), {
    access: 'responsable',
  }).returns<{ jobId: string }>(),
  /** Checks again and, without any problem, writes the whole import in one transaction. */
  'csv/importRun': channel(z.object({ importId: id, mappings }).strict(), { access: 'responsable' }).returns<{
    jobId: string
  }>(),
  /** Forgets an import's files (they are removed after an hour anyway). */
  'csv/importDiscard': channel(z.object({ importId: id }).strict(), {
    access: 'responsable',
  }).returns<null>(),
}
