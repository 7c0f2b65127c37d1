import type { DB } from '@db/schema'
import { labelOf } from '@shared/domain/options'
import { REQUEST_KINDS, REQUEST_STATES } from '@shared/domain/requests'
import type { Kysely } from 'kysely'
import { invoiceViews } from '../billing/invoices'

// The family's requests with their decisions, the messages the service wrote
// to it, its invoices and payments. Keys as docs/droit-d-acces.md lists them.

type Child = { id: number; identifier: string }

/** A stored JSON text as data; kept as text when it is not JSON. */
function parsed(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

async function staffNames(db: Kysely<DB>): Promise<Map<number, string>> {
  const rows = await db.selectFrom('staff').select(['id', 'display_name']).execute()
  return new Map(rows.map((r) => [r.id, r.display_name]))
}

export async function readRecords(
  db: Kysely<DB>,
  familyId: number,
  children: Child[],
  options: { financeAllowed: boolean },
) {
  const identifier = new Map(children.map((c) => [c.id, c.identifier]))
  const childOf = (id: number | null | undefined) => (id == null ? null : (identifier.get(id) ?? null))
  const [staff, requests, messages, invoices, payments] = await Promise.all([
    staffNames(db),
    db
      .selectFrom('requests')
      .selectAll()
      .where('family_id', '=', familyId)
      .orderBy('submitted_at_utc')
      .execute(),
    // Every column the table has at run time: messages gain columns as features land (docs/droit-d-acces.md).
    db
      .selectFrom('messages')
      .selectAll()
      .where('family_id', '=', familyId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    invoiceViews(db, { familyId }),
    db
      .selectFrom('payments')
      .selectAll()
      .where('family_id', '=', familyId)
      .orderBy('paid_on')
      .orderBy('id')
      .execute(),
  ])
  const requestIds = requests.map((r) => r.id)
  const paymentIds = payments.map((p) => p.id)
  const [items, days, allocations] = await Promise.all([
    requestIds.length === 0
      ? []
      : db
          .selectFrom('request_items')
          .selectAll()
          .where('request_id', 'in', requestIds)
          .orderBy('request_id')
          .orderBy('position')
          .execute(),
    requestIds.length === 0
      ? []
      : db
          .selectFrom('agenda_request_days as d')
          .innerJoin('services as s', 's.id', 'd.service_id')
          .select(['d.request_id', 'd.day', 'd.child_id', 's.code', 'd.action'])
          .where('d.request_id', 'in', requestIds)
          .orderBy('d.day')
          .execute(),
    paymentIds.length === 0
      ? []
      : db
          .selectFrom('payment_allocations as a')
          .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
          .select(['a.payment_id', 'i.number', 'a.amount_cents'])
          .where('a.payment_id', 'in', paymentIds)
          .execute(),
  ])
  const refs = new Map(requests.map((r) => [r.id, r.ref]))
  const name = (id: number | null) => (id === null ? null : (staff.get(id) ?? null))
  return {
    demandes: requests.map((r) => ({
      reference: r.ref,
      canal: r.channel,
      type: r.kind,
      type_libelle: labelOf(REQUEST_KINDS, r.kind),
      objet: r.subject,
      enfant: childOf(r.child_id),
      envoyee_le: r.submitted_at,
      recue_le: r.received_at,
      saisie_par: name(r.entered_by),
      etat: r.state,
      etat_libelle: labelOf(REQUEST_STATES, r.state),
      contenu: parsed(r.payload),
      commentaire: r.comment,
      decidee_le: r.decided_at,
      decidee_par: name(r.decided_by),
      reponse: r.reply,
      resolution: r.resolution,
      elements: items
        .filter((i) => i.request_id === r.id)
        .map((i) => ({
          champ: i.field,
          valeur_vue: parsed(i.seen_value),
          valeur_demandee: parsed(i.requested_value),
          valeur_appliquee: parsed(i.applied_value),
          decision: i.outcome,
          motif: i.reason,
        })),
      jours: days
        .filter((d) => d.request_id === r.id)
        .map((d) => ({ date: d.day, enfant: childOf(d.child_id), service_code: d.code, action: d.action })),
    })),
    messages: messages.map((m) => {
      // Columns added by later migrations are read when present, null before.
      const row = m as typeof m & Record<string, unknown>
      const column = (key: string) => (row[key] ?? null) as string | null
      return {
        id: m.id,
        identifiant_portail: column('public_id'),
        enfant: childOf(row.child_id as number | null | undefined),
        objet: m.subject,
        texte: m.body,
        etat: column('state'),
        canal: column('channel'),
        demande: m.request_id === null ? null : (refs.get(m.request_id) ?? null),
        cree_le: m.created_at,
        cree_par: name(m.created_by),
        envoye_le: column('sent_at'),
        imprime_le: column('printed_at'),
        exporte_le: m.exported_at,
      }
    }),
    factures: invoices.map((i) => ({
      numero: i.number,
      mois: i.month,
      emise_le: i.issuedOn,
      echeance: i.dueOn,
      prelevement_le: i.debitOn,
      // The mandate's reference is a bank detail (Paramètres → Données personnelles).
      rum: options.financeAllowed ? i.sepaRum : null,
      total_centimes: i.totalCents,
      solde_precedent_centimes: i.previousBalanceCents,
      paye_centimes: i.paidCents,
      etat: i.status,
      annulee_le: i.cancelledOn,
      motif_annulation: i.cancelReason,
      note: i.note,
      lignes: i.lines.map((l) => ({
        enfant: l.childIdentifier,
        service_code: l.serviceCode,
        service: l.serviceName,
        periode: l.period,
        type: l.kind,
        etat: l.state,
        quantite: l.quantity,
        prix_unitaire_centimes: l.unitCents,
        montant_centimes: l.amountCents,
        qf: l.qf,
        tranche: l.bracket,
        libelle: l.label,
      })),
    })),
    paiements: payments.map((p) => ({
      date: p.paid_on,
      type: p.kind,
      mode: p.mode,
      montant_centimes: p.amount_cents,
      reference: p.reference,
      enregistre_le: p.created_at,
      enregistre_par: name(p.created_by),
      imputations: allocations
        .filter((a) => a.payment_id === p.id)
        .map((a) => ({ facture: a.number, montant_centimes: a.amount_cents })),
    })),
  }
}

export type Records = Awaited<ReturnType<typeof readRecords>>
