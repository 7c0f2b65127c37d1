import type { DB } from '@db/schema'
import { looseKey } from '@shared/domain/options'
import { renameAliases } from '@shared/fields/index'
import { formatDay } from '@shared/format/date'
import { type KindSpec, payloadFields } from '@shared/requests/kinds'
import { payloadSchema } from '@shared/requests/payload'
import type { Kysely } from 'kysely'
import { notFound } from '../errors'
import { currentQuotient } from '../families/read'
import {
  AUTHORIZED_PERSON,
  CHILD,
  type Entity,
  FAMILY,
  GUARDIAN,
  HEALTH_CONDITION,
} from '../records/entities'
import { type FieldValues, rowToValues } from '../records/values'
import { chunks } from './chunks'
import { parisDay } from './time'

/** The record a request is about, as it is now. */
export interface TargetState {
  entity: Entity | null
  /** Its id when it exists (update, delete). */
  id: number | null
  /** Its fields by key; null when there is no such record (yet). */
  current: FieldValues | null
  /** French reason when the request can no longer be applied; null when it can. */
  notApplicable: string | null
  /**
   * A guardian's or a family's row as read in the assessment's transaction: the decision
   * updates it without reading it again, on that version only (records/operations.ts).
   */
  row?: Record<string, unknown> & { id: number; version: number }
  /** A family's quotients as read in the same transaction: a new QF follows the latest (families/service.ts). */
  quotients?: (Record<string, unknown> & { id: number })[]
}

export interface RequestRow {
  id: number
  kind: string
  family_id: number
  child_id: number | null
  payload: string
  submitted_at: string
}

/** The payload in stored form, read again with the catalogue (it was validated at intake). */
export function requestValues(spec: KindSpec, payload: string): FieldValues {
  const parsed = payloadSchema(spec).safeParse(renameAliases(payloadFields(spec), JSON.parse(payload)))
  return parsed.success ? (parsed.data as FieldValues) : {}
}

const personName = (v: FieldValues) => `${v.nom ?? ''} ${v.prenom ?? ''}`.trim()
const same = (a: unknown, b: unknown) => looseKey(String(a ?? '')) === looseKey(String(b ?? ''))

/** One request whose target is wanted, with its kind and its payload read. */
export interface TargetQuery {
  spec: KindSpec
  request: RequestRow
  values: FieldValues
}

type Row = Record<string, unknown> & { id: number }

/** Rows of `table` whose `column` is one of `keys`, grouped by that column: one query per 500 keys. */
async function rowsBy(
  trx: Kysely<DB>,
  table:
    | 'guardians'
    | 'families'
    | 'children'
    | 'family_quotients'
    | 'authorized_persons'
    | 'health_conditions'
    | 'vaccinations',
  column: 'id' | 'family_id' | 'child_id',
  keys: number[],
): Promise<Map<number, Row[]>> {
  const map = new Map<number, Row[]>()
  for (const part of chunks([...new Set(keys)]))
    for (const row of (await trx
      .selectFrom(table as 'guardians')
      .selectAll()
      .where(column as 'id', 'in', part)
      .execute()) as unknown as Row[]) {
      const key = row[column] as number
      const group = map.get(key)
      if (group) group.push(row)
      else map.set(key, [row])
    }
  return map
}

/** What the targets of a batch of requests need, read once for the whole batch. */
interface Loaded {
  guardians: Map<number, Row[]>
  families: Map<number, Row[]>
  quotients: Map<number, Row[]>
  persons: Map<number, Row[]>
  conditions: Map<number, Row[]>
  vaccinations: Map<number, Row[]>
  children: Map<number, Row[]>
}

async function load(trx: Kysely<DB>, queries: TargetQuery[]): Promise<Loaded> {
  const ids = (targets: string[], key: (q: TargetQuery) => number | null) =>
    queries.filter((q) => targets.includes(q.spec.target)).flatMap((q) => key(q) ?? [])
  const family = ids(['family'], (q) => q.request.family_id)
  const child = (target: string) => ids([target], (q) => q.request.child_id)
  const [guardians, families, quotients, persons, conditions, vaccinations, children] = await Promise.all([
    rowsBy(
      trx,
      'guardians',
      'family_id',
      ids(['responsable', 'conjoint'], (q) => q.request.family_id),
    ),
    rowsBy(trx, 'families', 'id', family),
    rowsBy(trx, 'family_quotients', 'family_id', family),
    rowsBy(trx, 'authorized_persons', 'child_id', child('authorized_person')),
    rowsBy(trx, 'health_conditions', 'child_id', child('health_condition')),
    rowsBy(trx, 'vaccinations', 'child_id', child('vaccination')),
    rowsBy(trx, 'children', 'id', child('child')),
  ])
  return { guardians, families, quotients, persons, conditions, vaccinations, children }
}

function guardian(loaded: Loaded, familyId: number, role: 'responsable' | 'conjoint'): TargetState {
  const row = loaded.guardians.get(familyId)?.find((g) => g.role === role)
  return row
    ? {
        entity: GUARDIAN,
        id: row.id,
        current: rowToValues(GUARDIAN.fields, row),
        notApplicable: null,
        row: row as Row & { version: number },
      }
    : { entity: GUARDIAN, id: null, current: null, notApplicable: null }
}

function family(loaded: Loaded, familyId: number, today: string): TargetState {
  const row = loaded.families.get(familyId)?.[0]
  if (!row) throw notFound('Famille')
  const quotients = (loaded.quotients.get(familyId) ?? [])
    .map((q) => ({
      id: q.id,
      qf: q.qf as number,
      validFrom: q.valid_from as string,
      validTo: q.valid_to as string | null,
    }))
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom) || a.id - b.id)
  const qf = currentQuotient(quotients, today)
  return {
    entity: FAMILY,
    id: row.id,
    current: {
      ...rowToValues(FAMILY.fields, row),
      qf: qf?.qf ?? null,
      qf_du: qf?.validFrom ?? null,
      qf_au: qf?.validTo ?? null,
    },
    notApplicable: null,
    row: row as Row & { version: number },
    quotients: loaded.quotients.get(familyId) ?? [],
  }
}

/** A child's authorised person or health condition, found by its identity fields, loosely (case, accents, spaces). */
function childRecord(loaded: Loaded, spec: KindSpec, childId: number, values: FieldValues): TargetState {
  const isPerson = spec.target === 'authorized_person'
  const entity = isPerson ? AUTHORIZED_PERSON : HEALTH_CONDITION
  const rows = [...((isPerson ? loaded.persons : loaded.conditions).get(childId) ?? [])].sort(
    (a, b) => a.id - b.id,
  )
  let found: { id: number; values: FieldValues } | null = null
  for (const row of rows) {
    const v = rowToValues(entity.fields, row)
    const matches = isPerson
      ? same(v.nom, values.nom) && same(v.prenom, values.prenom)
      : v.type === values.type && same(v.libelle, values.libelle)
    if (matches) {
      found = { id: row.id, values: v }
      break
    }
  }
  const what = isPerson ? `${personName(values)}` : `« ${values.libelle} »`
  let notApplicable: string | null = null
  if (spec.mode === 'add' && found)
    notApplicable = isPerson
      ? `${what} figure déjà parmi les personnes autorisées de l’enfant.`
      : `${what} figure déjà dans les données de santé de l’enfant.`
  if (spec.mode !== 'add' && !found)
    notApplicable = isPerson
      ? `${what} ne figure plus parmi les personnes autorisées de l’enfant.`
      : `${what} ne figure plus dans les données de santé de l’enfant.`
  return { entity, id: found?.id ?? null, current: found?.values ?? null, notApplicable }
}

function vaccination(loaded: Loaded, childId: number, values: FieldValues): TargetState {
  const found = (loaded.vaccinations.get(childId) ?? [])
    .sort((a, b) => a.id - b.id)
    .find((r) => r.vaccinated_on === String(values.date) && same(r.vaccine_name, values.vaccin))
  return {
    entity: null,
    id: found?.id ?? null,
    current: null,
    notApplicable: found
      ? `La vaccination ${values.vaccin} du ${formatDay(String(values.date))} est déjà enregistrée.`
      : null,
  }
}

function targetOf(loaded: Loaded, { spec, request, values }: TargetQuery, today: string): TargetState {
  switch (spec.target) {
    case 'responsable':
    case 'conjoint':
      return guardian(loaded, request.family_id, spec.target)
    case 'family':
      return family(loaded, request.family_id, today)
    case 'authorized_person':
    case 'health_condition':
      return childRecord(loaded, spec, request.child_id as number, values)
    case 'vaccination':
      return vaccination(loaded, request.child_id as number, values)
    case 'agenda':
      return { entity: null, id: null, current: null, notApplicable: null }
    case 'child': {
      const row = loaded.children.get(request.child_id as number)?.[0]
      if (!row) throw notFound('Enfant')
      return { entity: CHILD, id: row.id, current: rowToValues(CHILD.fields, row), notApplicable: null }
    }
  }
}

/** The kinds whose target can say `notApplicable` (targetOf): the others always apply. */
export function mayNoLongerApply(spec: KindSpec): boolean {
  return (
    spec.target === 'authorized_person' || spec.target === 'health_condition' || spec.target === 'vaccination'
  )
}

/**
 * Finds what each request is about and says whether it still applies. The
 * records of the whole batch are read with a few queries (one per kind of
 * record), so that a page of the queue costs the same as one request.
 */
export async function resolveTargets(
  trx: Kysely<DB>,
  queries: TargetQuery[],
  now: Date,
): Promise<TargetState[]> {
  const loaded = await load(trx, queries)
  const today = parisDay(now)
  return queries.map((q) => targetOf(loaded, q, today))
}

/** Finds what one request is about and says whether it still applies. */
export async function resolveTarget(
  trx: Kysely<DB>,
  spec: KindSpec,
  request: RequestRow,
  values: FieldValues,
  now: Date,
): Promise<TargetState> {
  const [target] = await resolveTargets(trx, [{ spec, request, values }], now)
  return target
}
