import type { DB } from '@db/schema'
import type { ChildFile } from '@shared/contract/children'
import type { FieldValue, RecordView } from '@shared/contract/records'
import {
  AUTHORIZED_PERSON_FIELDS,
  CHILD_HEALTH_FIELDS,
  CHILD_IDENTITY_FIELDS,
  type FieldSpec,
  HEALTH_CONDITION_FIELDS,
  VACCINATION_FIELDS,
} from '@shared/fields/index'
import type { Kysely } from 'kysely'
import { completeFiles } from '../completeness/service'
import { notFound } from '../errors'
import { rowToValues } from '../records/values'
import { vaccineProducts } from './vaccine-products'

const view = (
  fields: readonly FieldSpec[],
  row: Record<string, unknown> & { id: number; version: number },
): RecordView => ({
  id: row.id,
  version: row.version,
  values: rowToValues(fields, row) as Record<string, FieldValue>,
})

export async function findChildId(db: Kysely<DB>, identifier: string): Promise<number> {
  const row = await db
    .selectFrom('children')
    .select('id')
    .where('identifier', '=', identifier)
    .executeTakeFirst()
  if (!row) throw notFound(`Enfant d’identifiant ${identifier}`)
  return row.id
}

/** One child's file; health data only when `withHealth` (the caller checked the role and logged the access). */
export async function readChildFile(
  db: Kysely<DB>,
  id: number,
  withHealth: boolean,
  today: string,
): Promise<ChildFile> {
  const child = await db
    .selectFrom('children as c')
    .innerJoin('families as f', 'f.id', 'c.family_id')
    .leftJoin('guardians as g', (join) =>
      join.onRef('g.family_id', '=', 'f.id').on('g.role', '=', 'responsable'),
    )
    .leftJoin('staff as s', 's.id', 'c.file_validated_by')
    .selectAll('c')
    .select([
      'f.number as family_number',
      'g.last_name as g_last',
      'g.first_name as g_first',
      's.display_name as validator',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst()
  if (!child) throw notFound('Enfant')
  const persons = await db
    .selectFrom('authorized_persons')
    .selectAll()
    .where('child_id', '=', id)
    .orderBy('last_name')
    .orderBy('first_name')
    .execute()
  let health: ChildFile['health'] = null
  if (withHealth) {
    const [vaccinations, conditions, products] = await Promise.all([
      db.selectFrom('vaccinations').selectAll().where('child_id', '=', id).orderBy('vaccinated_on').execute(),
      db
        .selectFrom('health_conditions')
        .selectAll()
        .where('child_id', '=', id)
        .orderBy('kind')
        .orderBy('label')
        .execute(),
      vaccineProducts(db),
    ])
    health = {
      vaccinations: vaccinations.map((v) => {
        const product = products.find((p) => p.id === v.product_id) ?? null
        return {
          ...view(VACCINATION_FIELDS, v),
          productName: product?.name ?? null,
          diseases: product?.diseases ?? [],
        }
      }),
      conditions: conditions.map((c) => view(HEALTH_CONDITION_FIELDS, c)),
    }
  }
  const fields = withHealth ? [...CHILD_IDENTITY_FIELDS, ...CHILD_HEALTH_FIELDS] : CHILD_IDENTITY_FIELDS
  return {
    ...view(fields, child),
    identifier: child.identifier,
    familyId: child.family_id,
    familyNumber: child.family_number,
    responsableName: child.g_last ? `${child.g_last} ${child.g_first ?? ''}`.trim() : null,
    canSeeHealth: withHealth,
    authorizedPersons: persons.map((p) => view(AUTHORIZED_PERSON_FIELDS, p)),
    health,
    validatedAt: child.file_validated_at,
    validatedBy: child.validator ?? null,
    fileComplete: (await completeFiles(db, today, [id])).has(id),
  }
}
