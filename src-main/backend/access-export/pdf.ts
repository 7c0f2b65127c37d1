import type { ChildFile } from '@shared/contract/children'
import type { FamilyFile } from '@shared/contract/families'
import type { FieldValue } from '@shared/contract/records'
import { formatEuros, PAYMENT_MODES } from '@shared/domain/billing'
import { maskLabel, weekdayBit } from '@shared/domain/days'
import { ALLERGENS, DIETS } from '@shared/domain/health'
import { labelOf } from '@shared/domain/options'
import {
  AUTHORIZED_PERSON_FIELDS,
  BANK_FIELDS,
  CAF_FIELDS,
  CHILD_HEALTH_FIELDS,
  CHILD_IDENTITY_FIELDS,
  displayValue,
  FISCAL_FIELDS,
  type FieldSpec,
  GUARDIAN_FIELDS,
  HEALTH_CONDITION_FIELDS,
  VACCINATION_FIELDS,
} from '@shared/fields/index'
import { dayInFrance, formatDay, formatInstant } from '@shared/format/date'
import { HEALTH_VIEW_ACTION } from '../ipc/health-trace'
import { A4Document } from '../print/pdf-document'
import { type Column, drawTable, type Row } from '../print/pdf-table'
import { type Activity, ENROLMENT_STATES } from './activity'
import type { Journal } from './journal'
import type { Records } from './records'

// The readable copy of the access request (docs/droit-d-acces.md): the
// family, each child with its health data and what it did with the service,
// the invoices, requests and messages, then who read the children's health
// data and the history of changes. The same content as the JSON files.

type Values = Record<string, FieldValue>
/** A child's « Nom Prénom » from its identifiant (the identifiant itself for a child no longer in the file). */
type ChildNames = (identifier: string | null) => string

export interface PdfInput {
  commune: string
  now: Date
  family: FamilyFile
  children: ChildFile[]
  activity: Activity
  records: Records
  journal: Journal
  financeOmitted: boolean
}

const LABEL_VALUE: Column[] = [
  { label: 'Information', share: 1 },
  { label: 'Valeur', share: 2 },
]

const NONE = 'Aucune.'

/** Label and value of each field that has a value. */
function fieldRows(fields: readonly FieldSpec[], values: Values): Row[] {
  return fields
    .map((f) => ({ label: f.label, text: displayValue(f, values[f.key]) }))
    .filter((f) => f.text !== '')
    .map((f) => ({ cells: [f.label, f.text] }))
}

/** One row per record: its first fields as a title, the others as « Label : valeur » lines. */
function recordRows(fields: readonly FieldSpec[], records: { values: Values }[], titleFields = 2): Row[] {
  return records.map((r) => {
    const given = fields
      .filter((f) => r.values[f.key] !== false)
      .map((f) => ({ label: f.label, text: displayValue(f, r.values[f.key]) }))
    const title = given.slice(0, titleFields).map((f) => f.text)
    const rest = given
      .slice(titleFields)
      .filter((f) => f.text !== '')
      .map((f) => `${f.label} : ${f.text}`)
    return { cells: [title.filter(Boolean).join(' '), rest] }
  })
}

const yesNo = (value: boolean) => (value ? 'Oui' : 'Non')
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value))
/** A value before or after a change, in the journal. */
const changed = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '(vide)'
    : typeof value === 'boolean'
      ? yesNo(value)
      : String(value)

class AccessPdf {
  readonly pdf: A4Document
  constructor(input: PdfInput) {
    const { family } = input
    this.pdf = new A4Document({
      documentTitle: `Droit d’accès — famille n° ${family.number}`,
      header: {
        commune: input.commune,
        title: `Données de la famille n° ${family.number}`,
        lines: [guardianName(family), `Droit d’accès au ${formatDay(dayInFrance(input.now))}`],
        printedAt: `Produit le ${formatInstant(input.now.toISOString())}`,
      },
    })
  }

  table(title: string, columns: Column[], rows: Row[], empty = NONE): void {
    // The title stays with the table's first rows.
    this.pdf.ensureSpace(rows.length === 0 ? 30 : 70)
    this.pdf.heading(title)
    if (rows.length === 0) this.pdf.paragraph(empty)
    else drawTable(this.pdf, columns, rows)
  }

  title(text: string): void {
    this.pdf.ensureSpace(60)
    this.pdf.doc.moveDown(0.6)
    this.pdf.paragraph(text, { bold: true, size: 13 })
    this.pdf.doc.moveDown(0.2)
  }
}

function guardianName(family: FamilyFile): string {
  const g = family.responsable?.values
  return g ? [g.nom, g.prenom].filter(Boolean).join(' ') : 'Sans responsable'
}

function introduction(out: AccessPdf, input: PdfInput): void {
  const { family } = input
  out.pdf.paragraph(
    `Ce document rassemble toutes les données que le service enfance jeunesse de ${input.commune} détient sur la famille n° ${family.number} et ses enfants au ${formatDay(dayInFrance(input.now))}, en réponse à sa demande d’accès à ses données personnelles (règlement général sur la protection des données, article 15). Les mêmes données se trouvent, lisibles par un programme, dans les fichiers JSON joints.`,
  )
  if (input.financeOmitted)
    out.pdf.paragraph(
      'Les coordonnées bancaires et les données fiscales n’y figurent pas : le rôle de la personne qui a produit ce document ne permet pas de les voir.',
      { bold: true },
    )
}

function familySection(out: AccessPdf, input: PdfInput): void {
  const { family } = input
  out.title('La famille')
  out.table(
    'Responsable',
    LABEL_VALUE,
    family.responsable ? fieldRows(GUARDIAN_FIELDS, family.responsable.values) : [],
    'Aucun.',
  )
  out.table(
    'Conjoint',
    LABEL_VALUE,
    family.conjoint ? fieldRows(GUARDIAN_FIELDS, family.conjoint.values) : [],
    'Aucun.',
  )
  out.table(
    'Informations CAF et quotient familial',
    LABEL_VALUE,
    [
      ...fieldRows(CAF_FIELDS, family.values),
      ...family.quotients.map((q) => ({
        cells: [
          'Quotient familial',
          `${q.qf} du ${formatDay(q.validFrom)}${q.validTo ? ` au ${formatDay(q.validTo)}` : ''}`,
        ],
      })),
    ],
    'Rien de renseigné.',
  )
  if (!input.financeOmitted) {
    out.table(
      'Informations fiscales',
      LABEL_VALUE,
      fieldRows(FISCAL_FIELDS, family.values),
      'Rien de renseigné.',
    )
    out.table(
      'Coordonnées bancaires',
      LABEL_VALUE,
      fieldRows(BANK_FIELDS, family.values),
      'Rien de renseigné.',
    )
  }
}

function childSection(out: AccessPdf, input: PdfInput, child: ChildFile): void {
  const { activity } = input
  const mine = <T extends { enfant: string | null }>(rows: T[]) =>
    rows.filter((r) => r.enfant === child.identifier)
  out.title(
    `Enfant : ${text(child.values.nom)} ${text(child.values.prenom)} (identifiant ${child.identifier})`,
  )
  out.table('Identité et scolarité', LABEL_VALUE, fieldRows(CHILD_IDENTITY_FIELDS, child.values))
  out.table('Santé', LABEL_VALUE, fieldRows(CHILD_HEALTH_FIELDS, child.values), 'Rien de renseigné.')
  const record: Column[] = [
    { label: 'Nom', share: 1 },
    { label: 'Détails', share: 2 },
  ]
  out.table('Personnes autorisées', record, recordRows(AUTHORIZED_PERSON_FIELDS, child.authorizedPersons))
  out.table(
    'Vaccinations',
    [
      { label: 'Vaccin et date', share: 1 },
      { label: 'Détails', share: 2 },
    ],
    recordRows(VACCINATION_FIELDS, child.health?.vaccinations ?? []),
  )
  out.table(
    'Maladies, allergies, contre-indications',
    [
      { label: 'Type et libellé', share: 1 },
      { label: 'Détails', share: 2 },
    ],
    recordRows(HEALTH_CONDITION_FIELDS, child.health?.conditions ?? []),
  )
  out.table(
    'Inscriptions aux services',
    [
      { label: 'Service', share: 2 },
      { label: 'Période', share: 1.3 },
      { label: 'Jours', share: 2 },
      { label: 'État', share: 0.8 },
    ],
    mine(activity.inscriptions).map((e) => ({
      cells: [
        [`${e.service} (${e.service_code})`, e.structure],
        `du ${formatDay(e.du)}${e.au ? ` au ${formatDay(e.au)}` : ''}`,
        `${e.jours_semaine.length === 0 ? 'aucun jour régulier' : maskLabel(e.jours_semaine.reduce((m, d) => m | weekdayBit(d), 0))}${e.une_semaine_sur_deux_depuis ? `, une semaine sur deux depuis le ${formatDay(e.une_semaine_sur_deux_depuis)}` : ''}`,
        ENROLMENT_STATES[e.etat] ?? e.etat,
      ],
    })),
  )
  out.table(
    'Agenda : réservations, absences et autres jours particuliers',
    [
      { label: 'Date', share: 0.8 },
      { label: 'Service', share: 1 },
      { label: 'État', share: 1.2 },
      { label: 'Détails', share: 2 },
    ],
    mine(activity.exceptions_agenda).map((x) => ({
      cells: [
        formatDay(x.date),
        x.service_code,
        x.etat_libelle,
        [
          x.note ? `Note : ${x.note}` : '',
          x.hors_delai ? `Hors délai${x.motif_hors_delai ? ` : ${x.motif_hors_delai}` : ''}` : '',
          x.justificatif
            ? `Justificatif : ${x.justificatif}${x.justifie_le ? ` (${formatDay(x.justifie_le)})` : ''}`
            : '',
          x.demande ? `Demande ${x.demande}` : '',
        ].filter(Boolean),
      ],
    })),
  )
  out.table(
    'Pointages (présences et absences)',
    [
      { label: 'Date', share: 0.8 },
      { label: 'Service', share: 1 },
      { label: 'Présence', share: 0.8 },
      { label: 'Arrivée, départ, récupéré par', share: 2.4 },
    ],
    mine(activity.pointages).map((m) => ({
      cells: [
        formatDay(m.date),
        m.service_code,
        m.presence === 'present' ? 'Présent' : 'Absent',
        [
          m.arrivee ? `arrivée ${m.arrivee}` : '',
          m.depart ? `départ ${m.depart}` : '',
          m.recupere_par ? `récupéré par ${m.recupere_par}` : '',
        ]
          .filter(Boolean)
          .join(', '),
      ],
    })),
  )
  out.table(
    'Commandes de repas transmises à la cuisine',
    [
      { label: 'Date', share: 0.8 },
      { label: 'Service', share: 1 },
      { label: 'Transmise le', share: 1 },
      { label: 'Nom, régime et allergènes transmis', share: 2.4 },
    ],
    input.activity.commandes_cuisine.flatMap((order) =>
      order.enfants
        .filter((c) => c.enfant === child.identifier)
        .map((c) => ({
          cells: [
            formatDay(order.date),
            order.service_code,
            formatInstant(order.envoyee_le),
            [
              c.nom,
              `Régime : ${c.regime === 'standard' ? 'standard' : labelOf(DIETS, c.regime)}`,
              `Allergènes : ${c.allergenes.length === 0 ? 'aucun' : c.allergenes.map((a) => labelOf(ALLERGENS, a)).join(', ')}`,
            ],
          ],
        })),
    ),
  )
}

function billingSection(out: AccessPdf, records: Records, names: ChildNames): void {
  out.title('Factures et paiements')
  out.table(
    'Factures',
    [
      { label: 'Facture', share: 1 },
      { label: 'Mois', share: 0.6 },
      { label: 'Lignes', share: 3 },
      { label: 'Total', share: 0.8, align: 'right' },
    ],
    records.factures.map((f) => ({
      cells: [
        [
          text(f.numero),
          `émise le ${formatDay(f.emise_le)}`,
          f.etat === 'annulee' ? `annulée le ${formatDay(f.annulee_le)}` : '',
        ].filter(Boolean),
        f.mois,
        f.lignes.map((l) =>
          `${names(l.enfant)} ${l.libelle} : ${l.quantite} × ${formatEuros(l.prix_unitaire_centimes)} = ${formatEuros(l.montant_centimes)}`.trim(),
        ),
        formatEuros(f.total_centimes),
      ],
    })),
  )
  out.table(
    'Paiements et remboursements',
    [
      { label: 'Date', share: 0.8 },
      { label: 'Type et mode', share: 1.2 },
      { label: 'Imputé sur', share: 2 },
      { label: 'Montant', share: 0.8, align: 'right' },
    ],
    records.paiements.map((p) => ({
      cells: [
        formatDay(p.date),
        [
          p.type === 'paiement' ? 'Paiement' : 'Remboursement',
          labelOf(PAYMENT_MODES, p.mode),
          p.reference ?? '',
        ].filter(Boolean),
        p.imputations.map((a) => `${a.facture} : ${formatEuros(a.montant_centimes)}`),
        formatEuros(p.montant_centimes),
      ],
    })),
  )
}

function requestsSection(out: AccessPdf, records: Records): void {
  out.title('Demandes et décisions')
  out.table(
    'Demandes reçues',
    [
      { label: 'Demande', share: 1.2 },
      { label: 'Contenu et décision', share: 3 },
      { label: 'État', share: 0.8 },
    ],
    records.demandes.map((r) => ({
      cells: [
        [r.reference, r.type_libelle, `reçue le ${formatInstant(r.recue_le)}`, `par ${r.canal}`],
        [
          ...r.elements.map(
            (i) =>
              `${i.champ} : ${text(i.valeur_demandee)}${i.decision === 'pending' ? '' : i.decision === 'accepted' ? ' — acceptée' : ` — refusée${i.motif ? ` (${i.motif})` : ''}`}`,
          ),
          r.commentaire ? `Commentaire : ${r.commentaire}` : '',
          r.decidee_le
            ? `Décidée le ${formatInstant(r.decidee_le)}${r.decidee_par ? ` par ${r.decidee_par}` : ''}`
            : '',
          r.reponse ? `Réponse : ${r.reponse}` : '',
        ].filter(Boolean),
        r.etat_libelle,
      ],
    })),
  )
  out.table(
    'Messages adressés à la famille',
    [
      { label: 'Date', share: 0.9 },
      { label: 'Objet et texte', share: 3.5 },
    ],
    records.messages.map((m) => ({
      cells: [
        [formatInstant(m.cree_le), m.demande ? `réponse à ${m.demande}` : ''].filter(Boolean),
        [m.objet, m.texte],
      ],
    })),
  )
}

function journalSection(out: AccessPdf, journal: Journal, names: ChildNames): void {
  out.title('Journal')
  out.table(
    'Consultations des données de santé des enfants',
    [
      { label: 'Date', share: 1 },
      { label: 'Par', share: 1.5 },
      { label: 'Enfant', share: 1 },
      { label: 'Depuis', share: 2 },
    ],
    journal.consultations_sante.map((c) => ({
      cells: [
        formatInstant(c.date),
        c.auteur,
        names(c.enfant),
        [text(c.depuis), text(c.source)].filter(Boolean),
      ],
    })),
  )
  out.table(
    'Modifications et autres opérations',
    [
      { label: 'Date', share: 0.9 },
      { label: 'Par', share: 1.1 },
      { label: 'Opération', share: 1.3 },
      { label: 'Détails', share: 3 },
    ],
    // Health reads have their own table above.
    journal.entrees
      .filter((e) => e.action !== HEALTH_VIEW_ACTION)
      .map((e) => ({
        cells: [
          formatInstant(e.date),
          e.auteur,
          [e.action_libelle, e.objet_libelle],
          [
            // Standard PDF fonts have no arrow: « nouvelle valeur (avant : ancienne) ».
            ...e.modifications.map((c) => `${c.libelle} : ${changed(c.apres)} (avant : ${changed(c.avant)})`),
            e.note ?? '',
            e.demande ? `Demande ${e.demande}` : '',
          ].filter(Boolean),
        ],
      })),
  )
}

export async function accessPdf(input: PdfInput): Promise<Buffer> {
  const out = new AccessPdf(input)
  const byIdentifier = new Map(
    input.children.map((c) => [c.identifier, `${text(c.values.nom)} ${text(c.values.prenom)}`]),
  )
  const names: ChildNames = (identifier) =>
    identifier === null ? '' : (byIdentifier.get(identifier) ?? identifier)
  introduction(out, input)
  familySection(out, input)
  for (const child of input.children) childSection(out, input, child)
  if (input.children.length === 0) out.pdf.paragraph('La famille n’a aucun enfant inscrit dans son dossier.')
  billingSection(out, input.records, names)
  requestsSection(out, input.records)
  journalSection(out, input.journal, names)
  return out.pdf.finish()
}
