import type { DB } from '@db/schema'
import { looseKey } from '@shared/domain/options'
import { renameAliases } from '@shared/fields/index'
import { formatDay } from '@shared/format/date'
import { type KindSpec, payloadFields } from '@shared/requests/kinds'
import { payloadSchema } from '@shared/requests/payload'
import type { Kysely } from 'kysely'
import { currentQuotient } from '../families/read'
import { AUTHORIZED_PERSON, type Entity, FAMILY, GUARDIAN, HEALTH_CONDITION } from '../records/entities'
import { type FieldValues, rowToValues } from '../records/values'
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

async function guardian(trx: Kysely<DB>, familyId: number, role: 'responsable' | 'conjoint') {
  const row = await trx
    .selectFrom('guardians')
    .selectAll()
    .where('family_id', '=', familyId)
    .where('role', '=', role)
    .executeTakeFirst()
  return row
    ? { entity: GUARDIAN, id: row.id, current: rowToValues(GUARDIAN.fields, row), notApplicable: null }
    : { entity: GUARDIAN, id: null, current: null, notApplicable: null }
}

async function family(trx: Kysely<DB>, familyId: number, today: string): Promise<TargetState> {
  const row = await trx
    .selectFrom('families')
    .selectAll()
    .where('id', '=', familyId)
    .executeTakeFirstOrThrow()
  const quotients = await trx
    .selectFrom('family_quotients')
    .select(['id', 'qf', 'valid_from', 'valid_to'])
    .where('family_id', '=', familyId)
    .orderBy('valid_from')
    .orderBy('id')
    .execute()
  const qf = currentQuotient(
    quotients.map((q) => ({ id: q.id, qf: q.qf, validFrom: q.valid_from, validTo: q.valid_to })),
    today,
  )
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
  }
}

/** Finds a child's record by its identity fields, loosely (case, accents, spaces). */
async function findChildRecord(
  trx: Kysely<DB>,
  entity: Entity,
  childId: number,
  matches: (values: FieldValues) => boolean,
): Promise<{ id: number; values: FieldValues } | null> {
  const rows = await trx
    .selectFrom(entity.table as 'authorized_persons')
    .selectAll()
    .where('child_id', '=', childId)
    .execute()
  for (const row of rows) {
    const values = rowToValues(entity.fields, row)
    if (matches(values)) return { id: row.id, values }
  }
  return null
}

const same = (a: unknown, b: unknown) => looseKey(String(a ?? '')) === looseKey(String(b ?? ''))

async function childRecord(
  trx: Kysely<DB>,
  spec: KindSpec,
  childId: number,
  values: FieldValues,
): Promise<TargetState> {
  const isPerson = spec.target === 'authorized_person'
  const entity = isPerson ? AUTHORIZED_PERSON : HEALTH_CONDITION
  const found = await findChildRecord(trx, entity, childId, (v) =>
    isPerson
      ? same(v.nom, values.nom) && same(v.prenom, values.prenom)
      : v.type === values.type && same(v.libelle, values.libelle),
  )
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

async function vaccination(trx: Kysely<DB>, childId: number, values: FieldValues): Promise<TargetState> {
  const rows = await trx
    .selectFrom('vaccinations')
    .select(['id', 'vaccine_name'])
    .where('child_id', '=', childId)
    .where('vaccinated_on', '=', String(values.date))
    .execute()
  const found = rows.find((r) => same(r.vaccine_name, values.vaccin))
  return {
    entity: null,
    id: found?.id ?? null,
    current: null,
    notApplicable: found
      ? `La vaccination ${values.vaccin} du ${formatDay(String(values.date))} est déjà enregistrée.`
      : null,
  }
}

/** Finds what a request is about and says whether it still applies. */
export async function resolveTarget(
  trx: Kysely<DB>,
  spec: KindSpec,
  request: RequestRow,
  values: FieldValues,
  now: Date,
): Promise<TargetState> {
  switch (spec.target) {
    case 'responsable':
    case 'conjoint':
      return guardian(trx, request.family_id, spec.target)
    case 'family':
      return family(trx, request.family_id, parisDay(now))
    case 'authorized_person':
    case 'health_condition':
      return childRecord(trx, spec, request.child_id as number, values)
    case 'vaccination':
      return vaccination(trx, request.child_id as number, values)
    case 'agenda':
      return { entity: null, id: null, current: null, notApplicable: null }
  }
}
