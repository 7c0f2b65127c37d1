import type { DB } from '@db/schema'
import { AGENDA_STATES } from '@shared/domain/agenda'
import { weekdayBit } from '@shared/domain/days'
import { labelOf } from '@shared/domain/options'
import type { Kysely } from 'kysely'

// What the children did with the service: enrolments, the agenda's
// exceptions (reservations, absences…), attendance marks and the kitchen
// orders that named them. Keys as docs/droit-d-acces.md lists them; a child
// is named by its identifiant, as in `family show --json`.

type Child = { id: number; identifier: string }

/** A weekday mask as the list of ISO weekdays (1 Monday … 7 Sunday). */
const weekdaysOf = (mask: number) => [1, 2, 3, 4, 5, 6, 7].filter((d) => mask & weekdayBit(d))

export const ENROLMENT_STATES: Record<string, string> = {
  en_attente: 'En attente',
  validee: 'Validée',
  refusee: 'Refusée',
  terminee: 'Terminée',
}

const flag = (value: number) => value === 1

export async function readActivity(db: Kysely<DB>, children: Child[]) {
  const ids = children.map((c) => c.id)
  const identifier = new Map(children.map((c) => [c.id, c.identifier]))
  if (ids.length === 0)
    return { inscriptions: [], exceptions_agenda: [], pointages: [], commandes_cuisine: [] }
  const [enrolments, exceptions, marks] = await Promise.all([
    db
      .selectFrom('enrolments as e')
      .innerJoin('services as s', 's.id', 'e.service_id')
      .innerJoin('structures as st', 'st.id', 's.structure_id')
      .select([
        'e.child_id',
        'e.service_id',
        's.code',
        's.name as service',
        'st.name as structure',
        'e.starts_on',
        'e.ends_on',
        'e.weekdays',
        'e.alternate_from',
        'e.state',
      ])
      .where('e.child_id', 'in', ids)
      .orderBy('e.child_id')
      .orderBy('e.starts_on')
      .orderBy('e.id')
      .execute(),
    db
      .selectFrom('agenda_exceptions as x')
      .innerJoin('services as s', 's.id', 'x.service_id')
      .leftJoin('requests as r', 'r.id', 'x.request_id')
      .select([
        'x.child_id',
        'x.service_id',
        'x.day',
        's.code',
        's.name as service',
        'x.state',
        'x.note',
        'x.booked',
        'x.late',
        'x.late_reason',
        'x.justification',
        'x.justified_on',
        'r.ref',
      ])
      .where('x.child_id', 'in', ids)
      .orderBy('x.child_id')
      .orderBy('x.day')
      .orderBy('s.code')
      .execute(),
    db
      .selectFrom('attendance_marks as m')
      .innerJoin('services as s', 's.id', 'm.service_id')
      .leftJoin('authorized_persons as p', 'p.id', 'm.picked_up_by')
      .select([
        'm.child_id',
        'm.day',
        's.code',
        's.name as service',
        'm.presence',
        'm.arrived_at',
        'm.left_at',
        'm.picked_up_name',
        'p.last_name as person_last',
        'p.first_name as person_first',
      ])
      .where('m.child_id', 'in', ids)
      .orderBy('m.child_id')
      .orderBy('m.day')
      .orderBy('s.code')
      .execute(),
  ])
  const serviceIds = [...new Set([...enrolments, ...exceptions].map((r) => r.service_id))]
  return {
    inscriptions: enrolments.map((e) => ({
      enfant: identifier.get(e.child_id) ?? null,
      service_code: e.code,
      service: e.service,
      structure: e.structure,
      du: e.starts_on,
      au: e.ends_on,
      jours_semaine: weekdaysOf(e.weekdays),
      une_semaine_sur_deux_depuis: e.alternate_from,
      etat: e.state,
    })),
    exceptions_agenda: exceptions.map((x) => ({
      enfant: identifier.get(x.child_id) ?? null,
      date: x.day,
      service_code: x.code,
      service: x.service,
      etat: x.state,
      etat_libelle: labelOf(AGENDA_STATES, x.state),
      reserve: flag(x.booked),
      hors_delai: flag(x.late),
      motif_hors_delai: x.late_reason,
      note: x.note,
      justificatif: x.justification,
      justifie_le: x.justified_on,
      demande: x.ref ?? null,
    })),
    pointages: marks.map((m) => ({
      enfant: identifier.get(m.child_id) ?? null,
      date: m.day,
      service_code: m.code,
      service: m.service,
      presence: m.presence,
      arrivee: m.arrived_at,
      depart: m.left_at,
      recupere_par: m.picked_up_name ?? ([m.person_last, m.person_first].filter(Boolean).join(' ') || null),
    })),
    commandes_cuisine: await kitchenOrders(db, serviceIds, identifier),
  }
}

interface SnapshotChild {
  id: number
  name: string
  diet: string
  allergens: string[]
}

/**
 * The kitchen orders sent for a service the children use, kept where their
 * snapshot (the names, diets and allergens sent to the kitchen) names one of them.
 */
async function kitchenOrders(db: Kysely<DB>, serviceIds: number[], identifier: Map<number, string>) {
  if (serviceIds.length === 0) return []
  const rows = await db
    .selectFrom('kitchen_orders as k')
    .innerJoin('services as s', 's.id', 'k.service_id')
    .select(['k.day', 'k.sent_at', 's.code', 's.name as service', 'k.children'])
    .where('k.service_id', 'in', serviceIds)
    // A cheap first filter on the snapshot's text; the JSON is read below.
    .where((eb) => eb.or([...identifier.keys()].map((id) => eb('k.children', 'like', `%"id":${id},%`))))
    .orderBy('k.day')
    .orderBy('k.sent_at')
    .execute()
  return rows.flatMap((row) => {
    const named = (JSON.parse(row.children) as SnapshotChild[]).filter((c) => identifier.has(c.id))
    if (named.length === 0) return []
    return [
      {
        date: row.day,
        service_code: row.code,
        service: row.service,
        envoyee_le: row.sent_at,
        enfants: named.map((c) => ({
          enfant: identifier.get(c.id) ?? null,
          nom: c.name,
          regime: c.diet,
          allergenes: c.allergens,
        })),
      },
    ]
  })
}

export type Activity = Awaited<ReturnType<typeof readActivity>>
