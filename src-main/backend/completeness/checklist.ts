import type { DB } from '@db/schema'
import {
  CHECKLIST_ITEMS,
  type ChecklistItem,
  type ChecklistKey,
  type ChildChecklist,
} from '@shared/contract/completeness'
import { VACCINE_DISEASES } from '@shared/domain/health'
import { labelOf } from '@shared/domain/options'
import type { VaccineStatus } from '@shared/domain/vaccine-status'
import { formatDay } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { notFound } from '../errors'
import { checkedRows, missingOf } from './service'
import { childVaccineStatus } from './vaccines'

/** A PAI expiring within this many days is flagged, so that the family is asked for the new one in time. */
export const PAI_WARNING_DAYS = 30

const daysFrom = (today: string, day: string) =>
  Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
const plural = (n: number, word: string) => `${n} ${word}${Math.abs(n) > 1 ? 's' : ''}`
const diseaseNames = (codes: string[]) => codes.map((c) => labelOf(VACCINE_DISEASES, c)).join(', ')

function vaccinationDetail(v: VaccineStatus): string {
  const unknown =
    v.unrecognised.length > 0
      ? ` Vaccin hors catalogue, à vérifier sur le carnet : ${v.unrecognised.join(', ')}.`
      : ''
  return vaccinationState(v) + unknown
}

function vaccinationState(v: VaccineStatus): string {
  if (v.missing.length === 0) return 'Toutes les vaccinations obligatoires sont faites.'
  const missing = `Manque : ${diseaseNames(v.missing)}.`
  if (!v.provisional) return `${missing} Pas d’admission provisoire en cours.`
  const deadline = formatDay(v.provisional.deadline)
  if (v.provisional.overdue)
    return `${missing} Le délai de 3 mois de l’admission provisoire a expiré le ${deadline}.`
  return `${missing} Admission provisoire : à rattraper avant le ${deadline} (${plural(v.provisional.daysLeft, 'jour')}).`
}

function paiDetail(child: ChildRow, today: string): string {
  if (!child.pai) return 'Pas de PAI.'
  if (!child.pai_valid_until) return 'PAI sans date de validité.'
  const days = daysFrom(today, child.pai_valid_until)
  const until = formatDay(child.pai_valid_until)
  if (days < 0) return `PAI expiré le ${until}.`
  return days <= PAI_WARNING_DAYS
    ? `Valable jusqu’au ${until} : expire dans ${plural(days, 'jour')}, demandez le nouveau PAI.`
    : `Valable jusqu’au ${until}.`
}

interface ChildRow {
  id: number
  birth_date: string | null
  provisional_admission_on: string | null
  pai: number
  pai_valid_until: string | null
  health_form_completed_on: string | null
  email: string | null
  persons: number
  forbidden: number
  validated_at: string | null
  validator: string | null
}

async function loadChild(db: Kysely<DB>, childId: number): Promise<ChildRow> {
  const row = await db
    .selectFrom('children as c')
    .leftJoin('guardians as g', (j) =>
      j.onRef('g.family_id', '=', 'c.family_id').on('g.role', '=', 'responsable'),
    )
    .leftJoin('staff as s', 's.id', 'c.file_validated_by')
    .select((eb) => [
      'c.id',
      'c.birth_date',
      'c.provisional_admission_on',
      'c.pai',
      'c.pai_valid_until',
      'c.health_form_completed_on',
      'g.email',
      'c.file_validated_at as validated_at',
      's.display_name as validator',
      // Only a person allowed to pick the child up counts (never one "Interdit de récupérer l'enfant").
      eb
        .selectFrom('authorized_persons as p')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('p.child_id', '=', 'c.id')
        .where('p.can_pick_up', '=', 1)
        .where('p.pickup_forbidden', '=', 0)
        .as('persons'),
      eb
        .selectFrom('authorized_persons as p')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('p.child_id', '=', 'c.id')
        .where('p.pickup_forbidden', '=', 1)
        .as('forbidden'),
    ])
    .where('c.id', '=', childId)
    .executeTakeFirst()
  if (!row) throw notFound('Enfant')
  return { ...row, persons: Number(row.persons ?? 0), forbidden: Number(row.forbidden ?? 0) }
}

/**
 * The checklist of one child's file. Whether each item is fulfilled comes
 * from the same SQL as the dashboard's count, so the two never disagree;
 * the details about health data are given only to roles that may see it.
 */
export async function childChecklist(
  db: Kysely<DB>,
  childId: number,
  today: string,
  withHealth: boolean,
): Promise<ChildChecklist> {
  const child = await loadChild(db, childId)
  const [checked] = await checkedRows(db, today, [childId])
  const missing = new Set<ChecklistKey>(checked ? missingOf(checked) : [])
  const vaccines = withHealth ? await childVaccineStatus(db, child, today) : null
  const details: Record<ChecklistKey, string | null> = {
    email: child.email ?? 'Le responsable n’a pas d’adresse e-mail ; c’est elle qui reçoit les factures.',
    authorized_person: [
      child.persons > 0
        ? `${plural(child.persons, 'personne')} autorisée${child.persons > 1 ? 's' : ''} à venir chercher l’enfant.`
        : 'Aucune personne autorisée à venir chercher l’enfant.',
      child.forbidden > 0
        ? `${plural(child.forbidden, 'personne')} interdite${child.forbidden > 1 ? 's' : ''} de récupérer l’enfant (ne compte${child.forbidden > 1 ? 'nt' : ''} pas).`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
    vaccinations: vaccines && vaccinationDetail(vaccines),
    health_form: withHealth
      ? child.health_form_completed_on
        ? `Remplie le ${formatDay(child.health_form_completed_on)}.`
        : 'La date de la fiche sanitaire n’est pas renseignée.'
      : null,
    pai: withHealth ? paiDetail(child, today) : null,
  }
  const items: ChecklistItem[] = CHECKLIST_ITEMS.map((i) => ({
    key: i.value,
    label: i.label,
    ok: checked !== undefined && !missing.has(i.value),
    detail: details[i.value],
  }))
  return {
    childId,
    complete: checked?.complete === 1,
    items,
    validatedAt: child.validated_at,
    validatedBy: child.validator,
  }
}
