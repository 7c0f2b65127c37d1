import type { AuditEntryView } from '@shared/contract/audit'
import { CHILD_HEALTH_FIELDS } from '@shared/fields/index'
import { KIND_SPECS } from '@shared/requests/kinds'
import type { StaffContext } from '../context'
import { canSeeHealth } from '../settings/service'
import { parseChanges } from './changes'
import { recordNames } from './record-names'

const ENTITY_LABELS: Record<string, string> = {
  family: 'Famille',
  family_quotient: 'Quotient familial',
  guardian: 'Responsable ou conjoint',
  child: 'Enfant',
  authorized_person: 'Personne autorisée',
  vaccination: 'Vaccination',
  health_condition: 'Donnée de santé',
  request: 'Demande',
  import: 'Import de fichiers',
}

const GUARDIAN_LABELS = { responsable: 'Responsable', conjoint: 'Conjoint' } as const

const ACTION_LABELS: Record<string, string> = {
  create: 'Création',
  update: 'Modification',
  delete: 'Suppression',
  quotient: 'Nouveau quotient familial',
  validate: 'Validation du dossier',
  'health.view': 'Consultation des données de santé',
  decide: 'Décision sur la demande',
  import: 'Import CSV',
  'access-export': 'Export du droit d’accès',
  archive: 'Famille archivée',
  unarchive: 'Famille sortie des archives',
}

const HEALTH_ENTITIES = new Set(['vaccination', 'health_condition'])
const HEALTH_REQUEST_KINDS = Object.values(KIND_SPECS)
  .filter((k) => k.health)
  .map((k) => k.kind)
const HEALTH_FIELDS = new Set(CHILD_HEALTH_FIELDS.map((f) => f.key))

function actionLabel(action: string): string {
  const verb = action.slice(action.indexOf('.') + 1)
  return ACTION_LABELS[verb] ?? action
}

/**
 * Who changed what and when in a family's or a child's file, newest first.
 * Health data (entries and fields) is left out for roles that may not see it.
 */
export async function listAudit(
  ctx: StaffContext,
  filter: { familyId?: number; childId?: number; beforeId?: number; limit: number },
): Promise<AuditEntryView[]> {
  const health = await canSeeHealth(ctx.db, ctx.actor)
  let query = ctx.db
    .selectFrom('audit_log as a')
    .leftJoin('requests as r', 'r.id', 'a.request_id')
    // Says "Responsable" or "Conjoint" while the person is still on file.
    .leftJoin('guardians as g', (join) =>
      join.onRef('g.id', '=', 'a.entity_id').on('a.entity_type', '=', 'guardian'),
    )
    .select([
      'g.role as guardian_role',
      'a.id',
      'a.at',
      'a.actor',
      'a.action',
      'a.entity_type',
      'a.entity_id',
      'a.child_id',
      'a.request_id',
      'a.changes',
      'a.note',
      'r.ref',
    ])
    .orderBy('a.id', 'desc')
    .limit(filter.limit)
  if (filter.familyId !== undefined) query = query.where('a.family_id', '=', filter.familyId)
  if (filter.childId !== undefined) query = query.where('a.child_id', '=', filter.childId)
  if (filter.beforeId !== undefined) query = query.where('a.id', '<', filter.beforeId)
  if (!health)
    query = query
      .where('a.entity_type', 'not in', [...HEALTH_ENTITIES])
      .where('a.action', '!=', 'child.health.view')
      // A decision on a health request names what was refused and why (docs/donnees-de-sante.md).
      .where((eb) => eb.or([eb('r.kind', 'is', null), eb('r.kind', 'not in', HEALTH_REQUEST_KINDS)]))
  const rows = await query.execute()
  const names = await recordNames(ctx.db, rows)
  return rows
    .map((row) => {
      let changes = parseChanges(row.entity_type, row.changes)
      if (!health && row.entity_type === 'child') changes = changes.filter((c) => !HEALTH_FIELDS.has(c.field))
      return {
        id: row.id,
        at: row.at,
        actor: row.actor,
        action: row.action,
        actionLabel: actionLabel(row.action),
        entityType: row.entity_type,
        entityLabel: row.guardian_role
          ? GUARDIAN_LABELS[row.guardian_role]
          : [
              ENTITY_LABELS[row.entity_type] ?? row.entity_type,
              names.get(`${row.entity_type}:${row.entity_id}`),
            ]
              .filter(Boolean)
              .join(' '),
        childId: row.child_id,
        requestId: row.request_id,
        requestRef: row.ref ?? null,
        changes,
        note: row.note,
      }
    })
    .filter((entry) => entry.changes.length > 0 || entry.note !== null || entry.entityType !== 'child')
}
