import { matchOption } from '@shared/domain/options'
import type { FieldSpec } from '@shared/fields/index'
import { identifier } from '@shared/validation/values'
import type { FamilyFileKey } from '../../csv/index'
import type { FieldValues } from '../../records/values'
import { type CellReader, cellReader, KEEP } from '../cells'
import { KEY_COLUMNS, specsByColumn } from '../columns'
import {
  differences,
  FieldKeys,
  type GuardianRole,
  healthKey,
  IncomingChild,
  IncomingChildItem,
  IncomingFamily,
  IncomingGuardian,
  type IncomingQuotient,
  type IncomingRecord,
  type IncomingSet,
  type Origin,
  personKey,
  type RecordMap,
  type RowSource,
  type SourceRow,
  vaccinationKey,
} from './incoming'
import type { ImportProblems } from './problems'

// Turns each row into the record it asks for: key columns checked, every
// other cell read by its field's validator, and rows for the same record
// merged when they agree (a foreign file repeats the family on each child's
// row) or reported when they do not (docs/fichiers-csv.md: « Ce que l'import refuse au lieu de deviner »).

export interface ConvertContext {
  set: IncomingSet
  problems: ImportProblems
}

/** Columns without which a file's rows cannot be matched to anything. */
export const REQUIRED_COLUMNS: Record<FamilyFileKey, readonly string[]> = {
  familles: [KEY_COLUMNS.familyNumber],
  responsables: [KEY_COLUMNS.familyNumber, KEY_COLUMNS.role],
  enfants: [KEY_COLUMNS.childId],
  personnesAutorisees: [KEY_COLUMNS.childRef, 'Nom', 'Prénom'],
  vaccinations: [KEY_COLUMNS.childRef, 'Vaccin', 'Date'],
  sante: [KEY_COLUMNS.childRef, 'Type', 'Libellé'],
}

const ROLES = [
  { value: 'responsable', label: 'Responsable' },
  { value: 'conjoint', label: 'Conjoint' },
] as const
const QF_COLUMNS = ['QF', 'QF du', 'QF au'] as const

const SPECS = {
  familles: specsByColumn('familles'),
  responsables: specsByColumn('responsables'),
  enfants: specsByColumn('enfants'),
  personnesAutorisees: specsByColumn('personnesAutorisees'),
  vaccinations: specsByColumn('vaccinations'),
  sante: specsByColumn('sante'),
}
const FAMILY_SPECS = new Map([...SPECS.familles].filter(([column]) => !QF_COLUMNS.includes(column as never)))
const QF_SPECS = new Map([...SPECS.familles].filter(([column]) => QF_COLUMNS.includes(column as never)))
const fieldsOf = (specs: Map<string, FieldSpec>) => [...specs.values()]
const keysOf = (specs: Map<string, FieldSpec>) => new FieldKeys(fieldsOf(specs).map((spec) => spec.key))
const KEYS = {
  familles: keysOf(FAMILY_SPECS),
  responsables: keysOf(SPECS.responsables),
  enfants: keysOf(SPECS.enfants),
  personnesAutorisees: keysOf(SPECS.personnesAutorisees),
  vaccinations: keysOf(SPECS.vaccinations),
  sante: keysOf(SPECS.sante),
}

/** The field keys of each kind of record, by the IncomingSet map that holds them. */
export const RECORD_FIELD_KEYS = {
  families: KEYS.familles,
  guardians: KEYS.responsables,
  children: KEYS.enfants,
  persons: KEYS.personnesAutorisees,
  vaccinations: KEYS.vaccinations,
  health: KEYS.sante,
}

/** One RowSource per file and way of naming columns, shared by all its records. */
const sources = new WeakMap<(column: string) => string, Map<string, RowSource>>()
function sourceOf(row: SourceRow): RowSource {
  let byFile = sources.get(row.label)
  if (!byFile) {
    byFile = new Map()
    sources.set(row.label, byFile)
  }
  let source = byFile.get(row.file)
  if (!source) {
    source = { file: row.file, label: row.label }
    byFile.set(row.file, source)
  }
  return source
}

const familyNumber = identifier('N° famille')
const DIGITS = /^\d{1,20}$/
const childIdentifier = identifier('Identifiant')

function problem(ctx: ConvertContext, row: SourceRow | Origin, column: string, message: string): void {
  ctx.problems.add({ file: row.file, line: row.line, column: row.label(column), message })
}

/** The cells of the columns the file has, read by their fields' validators. */
function readFields(row: SourceRow, specs: Map<string, FieldSpec>, ctx: ConvertContext): FieldValues {
  const columns = columnsOf(specs)
  const values: FieldValues = {}
  for (let i = 0; i < columns.length; i++) {
    const { column, key, reader } = columns[i]
    const text = row.cell(column)
    if (text === undefined) continue
    const parsed = reader.parse(text)
    if (!parsed.ok) problem(ctx, row, column, parsed.message)
    else if (parsed.value !== KEEP) values[key] = parsed.value
  }
  return values
}

interface ColumnReader {
  column: string
  key: string
  reader: CellReader
}
/** Each column of a file with its field's reader, made once per file kind. */
const columnReaders = new WeakMap<Map<string, FieldSpec>, ColumnReader[]>()
function columnsOf(specs: Map<string, FieldSpec>): ColumnReader[] {
  let columns = columnReaders.get(specs)
  if (!columns) {
    columns = [...specs].map(([column, spec]) => ({ column, key: spec.key, reader: cellReader(spec) }))
    columnReaders.set(specs, columns)
  }
  return columns
}

function readIdentifier(
  row: SourceRow,
  column: string,
  schema: typeof familyNumber,
  ctx: ConvertContext,
): string | undefined {
  const text = row.cell(column) ?? ''
  // Digits alone are what the schema gives back unchanged (trimmed, 1 to 20 digits): no parse needed.
  if (DIGITS.test(text)) return text
  if (text.trim() === '') {
    problem(ctx, row, column, 'obligatoire.')
    return undefined
  }
  const parsed = schema.safeParse(text)
  if (parsed.success) return parsed.data
  problem(ctx, row, column, `« ${text.trim().slice(0, 30)} » : ${parsed.error.issues[0]?.message}.`)
  return undefined
}

function readQuotient(row: SourceRow, ctx: ConvertContext): IncomingQuotient | undefined {
  const cells = QF_COLUMNS.map((column) => row.cell(column))
  if (cells.every((cell) => cell === undefined || cell.trim() === '')) return undefined
  const values = readFields(row, QF_SPECS, ctx)
  const [qf, from, to] = [values.qf, values.qf_du, values.qf_au] as [
    number | null,
    string | null,
    string | null,
  ]
  if (qf == null) problem(ctx, row, 'QF', 'obligatoire quand « QF du » ou « QF au » est rempli.')
  else if (from == null) problem(ctx, row, 'QF du', 'obligatoire avec un QF (date de début de validité).')
  else if (to != null && to < from) problem(ctx, row, 'QF au', 'doit être après la date « QF du ».')
  else return { qf, from, to: to ?? null }
  return undefined
}

function where(first: Origin, here: Origin): string {
  return first.file === here.file ? `ligne ${first.line}` : `${first.file}, ligne ${first.line}`
}

/**
 * Adds a record, or merges it into the one already read for the same key
 * when they agree on every field both give. `extra` lists disagreements
 * beyond the fields (the family of a child, the QF).
 */
function put<T extends IncomingRecord>(
  ctx: ConvertContext,
  map: RecordMap<T>,
  key: string,
  record: T,
  fields: readonly FieldSpec[],
  keyColumn: string,
  /** The message, or the column to name and the message. */
  explain: (first: T, diffs: string[]) => string | [string, string],
  extra: (first: T) => string[] = () => [],
): void {
  // Most keys are met once: adding first spares a lookup per row, and only a repeated key reads the first record back.
  if (map.add(key, record)) return
  const first = map.get(key)!
  const given = record.values
  const diffs = [...extra(first), ...differences(fields, first.values, given)]
  if (diffs.length > 0) {
    const said = explain(first, diffs)
    const [column, message] = typeof said === 'string' ? [keyColumn, said] : said
    problem(ctx, record.origin, column, message)
  } else {
    first.complete(given)
    map.set(key, first)
  }
}

const otherValues = (first: Origin, here: Origin, what: string, diffs: string[]) =>
  `${what} déjà sur la ${where(first, here)}, avec d’autres valeurs (${diffs.slice(0, 3).join(' ; ')}). Gardez une seule ligne.`

function convertFamily(row: SourceRow, ctx: ConvertContext): void {
  const number = readIdentifier(row, KEY_COLUMNS.familyNumber, familyNumber, ctx)
  const values = readFields(row, FAMILY_SPECS, ctx)
  const quotient = readQuotient(row, ctx)
  if (!number) return
  const record = new IncomingFamily(sourceOf(row), KEYS.familles, row.line, values, number, quotient)
  put(
    ctx,
    ctx.set.families,
    number,
    record,
    fieldsOf(FAMILY_SPECS),
    KEY_COLUMNS.familyNumber,
    (first, diffs) => otherValues(first.origin, record.origin, `La famille ${number} est`, diffs),
    (first) =>
      first.quotient && quotient && JSON.stringify(first.quotient) !== JSON.stringify(quotient)
        ? [`QF : « ${first.quotient.qf} » / « ${quotient.qf} »`]
        : [],
  )
}

const fullName = (values: FieldValues) => `${values.nom ?? ''} ${values.prenom ?? ''}`.trim()

function convertGuardian(row: SourceRow, ctx: ConvertContext): void {
  const number = readIdentifier(row, KEY_COLUMNS.familyNumber, familyNumber, ctx)
  const roleText = row.cell(KEY_COLUMNS.role) ?? ''
  const role = matchOption(ROLES, roleText) as GuardianRole | null
  if (!role)
    problem(
      ctx,
      row,
      KEY_COLUMNS.role,
      roleText.trim() === ''
        ? 'obligatoire (Responsable ou Conjoint).'
        : `« ${roleText} » : Responsable ou Conjoint attendu.`,
    )
  const values = readFields(row, SPECS.responsables, ctx)
  if (!number || !role) return
  const record = new IncomingGuardian(sourceOf(row), KEYS.responsables, row.line, values, number, role)
  const what = role === 'responsable' ? 'responsable' : 'conjoint'
  put(
    ctx,
    ctx.set.guardians,
    `${number}|${role}`,
    record,
    fieldsOf(SPECS.responsables),
    KEY_COLUMNS.role,
    (first, diffs) =>
      'nom' in values && 'nom' in first.values && fullName(first.values) !== fullName(values)
        ? [
            'Nom',
            `la famille ${number} a deux ${what}s différents : « ${fullName(first.values)} » (${where(first.origin, record.origin)}) et « ${fullName(values)} ». Vérifiez le N° famille.`,
          ]
        : otherValues(first.origin, record.origin, `Le ${what} de la famille ${number} est`, diffs),
  )
}

function convertChild(row: SourceRow, ctx: ConvertContext): void {
  const identifier = readIdentifier(row, KEY_COLUMNS.childId, childIdentifier, ctx)
  const hasNumber = row.cell(KEY_COLUMNS.familyNumber) !== undefined
  const number = hasNumber ? readIdentifier(row, KEY_COLUMNS.familyNumber, familyNumber, ctx) : undefined
  const values = readFields(row, SPECS.enfants, ctx)
  if (!identifier || (hasNumber && !number)) return
  const record = new IncomingChild(sourceOf(row), KEYS.enfants, row.line, values, identifier, number)
  put(
    ctx,
    ctx.set.children,
    identifier,
    record,
    fieldsOf(SPECS.enfants),
    KEY_COLUMNS.childId,
    (first, diffs) => otherValues(first.origin, record.origin, `L’enfant ${identifier} est`, diffs),
    (first) =>
      first.number && number && first.number !== number
        ? [`N° famille : « ${first.number} » / « ${number} »`]
        : [],
  )
}

type ItemKind = 'personnesAutorisees' | 'vaccinations' | 'sante'

interface ItemRule {
  map: (set: IncomingSet) => RecordMap<IncomingChildItem>
  key: typeof personKey
  /** The fields that, with the child, identify the record (docs/fichiers-csv.md, « Comment une ligne retrouve sa fiche »). */
  keyFields: readonly string[]
  what: string
}

const ITEMS: Record<ItemKind, ItemRule> = {
  personnesAutorisees: {
    map: (set) => set.persons,
    key: personKey,
    keyFields: ['nom'],
    what: 'Cette personne autorisée',
  },
  vaccinations: {
    map: (set) => set.vaccinations,
    key: vaccinationKey,
    keyFields: ['vaccin', 'date'],
    what: 'Cette vaccination',
  },
  sante: {
    map: (set) => set.health,
    key: healthKey,
    keyFields: ['type', 'libelle'],
    what: 'Cette donnée de santé',
  },
}

function convertChildItem(kind: ItemKind, row: SourceRow, ctx: ConvertContext): void {
  const child = readIdentifier(row, KEY_COLUMNS.childRef, childIdentifier, ctx)
  const values = readFields(row, SPECS[kind], ctx)
  const { map, key, keyFields, what } = ITEMS[kind]
  // An empty key cell was reported by its validator ("obligatoire").
  if (!child || keyFields.some((field) => values[field] == null)) return
  if (kind === 'personnesAutorisees' && values.prenom == null) values.prenom = ''
  const record = new IncomingChildItem(sourceOf(row), KEYS[kind], row.line, values, child)
  put(
    ctx,
    map(ctx.set),
    key(child, values),
    record,
    fieldsOf(SPECS[kind]),
    KEY_COLUMNS.childRef,
    (first, diffs) => otherValues(first.origin, record.origin, `${what} de l’enfant ${child} est`, diffs),
  )
}

/** Reads one row of one of the six files into the set. */
export function convertRow(kind: FamilyFileKey, row: SourceRow, ctx: ConvertContext): void {
  if (kind === 'familles') convertFamily(row, ctx)
  else if (kind === 'responsables') convertGuardian(row, ctx)
  else if (kind === 'enfants') convertChild(row, ctx)
  else convertChildItem(kind, row, ctx)
}
