import type { DB, GuardiansTable } from '@db/schema'
import type { FamilyFile, GuardianView, QuotientView } from '@shared/contract/families'
import type { FieldValue } from '@shared/contract/records'
import { FAMILY_FIELDS, GUARDIAN_FIELDS } from '@shared/fields/index'
import type { Kysely, Selectable } from 'kysely'
import { completeFiles } from '../completeness/service'
import { isFamilyArchived } from '../departure/state'
import { notFound } from '../errors'
import { rowToValues } from '../records/values'

function guardianView(row: Selectable<GuardiansTable> | undefined): GuardianView | null {
  if (!row) return null
  return {
    id: row.id,
    version: row.version,
    role: row.role,
    values: rowToValues(GUARDIAN_FIELDS, row) as Record<string, FieldValue>,
  }
}

/** The quotient valid on `today`, else the most recent one. */
export function currentQuotient(quotients: QuotientView[], today: string): QuotientView | null {
  const valid = quotients.filter((q) => q.validFrom <= today && (q.validTo === null || q.validTo >= today))
  return valid.at(-1) ?? quotients.at(-1) ?? null
}

export async function findFamilyId(db: Kysely<DB>, number: string): Promise<number> {
  const row = await db.selectFrom('families').select('id').where('number', '=', number).executeTakeFirst()
  if (!row) throw notFound(`Famille n° ${number}`)
  return row.id
}

/** One family's whole file, as the Familles screen and `family show` present it. */
export async function readFamilyFile(db: Kysely<DB>, id: number, today: string): Promise<FamilyFile> {
  const family = await db.selectFrom('families').selectAll().where('id', '=', id).executeTakeFirst()
  if (!family) throw notFound('Famille')
  const [guardians, quotientRows, children, requests] = await Promise.all([
    db.selectFrom('guardians').selectAll().where('family_id', '=', id).execute(),
    db
      .selectFrom('family_quotients')
      .selectAll()
      .where('family_id', '=', id)
      .orderBy('valid_from')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('children')
      .select([
        'id',
        'identifier',
        'last_name',
        'first_name',
        'birth_date',
        'school',
        'class_level',
        'file_validated_at',
      ])
      .where('family_id', '=', id)
      .orderBy('birth_date')
      .orderBy('first_name')
      .execute(),
    db
      .selectFrom('requests')
      .select(['id', 'ref', 'kind', 'child_id', 'submitted_at'])
      .where('family_id', '=', id)
      .where('state', '=', 'pending')
      .orderBy('submitted_at_utc')
      .execute(),
  ])
  const quotients = quotientRows.map((q) => ({
    id: q.id,
    qf: q.qf,
    validFrom: q.valid_from,
    validTo: q.valid_to,
  }))
  const complete = await completeFiles(
    db,
    today,
    children.map((c) => c.id),
  )
  return {
    id: family.id,
    version: family.version,
    number: family.number,
    values: rowToValues(FAMILY_FIELDS, family) as Record<string, FieldValue>,
    quotients,
    currentQuotient: currentQuotient(quotients, today),
    responsable: guardianView(guardians.find((g) => g.role === 'responsable')),
    conjoint: guardianView(guardians.find((g) => g.role === 'conjoint')),
    children: children.map((c) => ({
      id: c.id,
      identifier: c.identifier,
      lastName: c.last_name,
      firstName: c.first_name,
      birthDate: c.birth_date,
      school: c.school,
      classLevel: c.class_level,
      validatedAt: c.file_validated_at,
      fileComplete: complete.has(c.id),
    })),
    pendingRequests: requests.map((r) => ({
      id: r.id,
      ref: r.ref,
      kind: r.kind,
      childId: r.child_id,
      submittedAt: r.submitted_at,
    })),
    createdAt: family.created_at,
    updatedAt: family.updated_at,
    archivedOn: family.archived_on,
    archived: isFamilyArchived(family.archived_on, today),
  }
}
