import type { DayList, DayListChild, DayListService } from '@shared/contract/lists'
import { formatDay } from '@shared/format/date'
import { csvDate } from '../csv/values'
import { writeCsvTable } from '../csv/writer'
import { A4Document } from '../print/pdf-document'
import { type Column, drawTable, type Row } from '../print/pdf-table'
import { allergenName, dietName, longDate, personLine, printedAt } from './labels'

// The day's attendance list as an A4 landscape PDF (one section per service,
// grouped by school and class, blank lines at the end for walk-ins) and as a
// CSV in the family files' format.

export const WALK_IN_LINES = 6

function flags(c: DayListChild, healthShown: boolean): string[] {
  const out: string[] = []
  if (!c.fileValidated) out.push('DOSSIER NON VALIDÉ')
  if (healthShown && c.pai)
    out.push(
      c.pai.expired
        ? `PAI EXPIRÉ (${formatDay(c.pai.validUntil)})`
        : `PAI${c.pai.validUntil ? ` jusqu’au ${formatDay(c.pai.validUntil)}` : ''}${c.pai.packedMeal ? ', panier-repas' : ''}`,
    )
  if (!c.expected) out.push(c.stateLabel ?? 'Non prévu')
  return out
}

function health(c: DayListChild): string[] {
  const lines: string[] = []
  if (c.allergens && c.allergens.length > 0)
    lines.push(`Allergies : ${c.allergens.map(allergenName).join(', ')}`)
  if (c.diet) lines.push(`Régime : ${dietName(c.diet)}`)
  return lines
}

function markText(c: DayListChild): string[] {
  if (!c.mark) return ['']
  if (c.mark.presence === 'absent') return ['Absent']
  return ['Présent', [c.mark.arrivedAt, c.mark.leftAt].filter(Boolean).join(' – ')].filter(Boolean)
}

function columns(list: DayList): Column[] {
  return [
    { label: 'Enfant', share: 14 },
    { label: 'À signaler', share: 11 },
    ...(list.healthShown ? [{ label: 'Allergies, régime', share: 12 }] : []),
    { label: 'Peuvent récupérer l’enfant', share: 22 },
    { label: 'INTERDITS de récupérer', share: 13 },
    { label: 'Urgence', share: 12 },
    { label: 'Présence, heures', share: 8 },
    { label: 'Récupéré par', share: 10 },
  ]
}

function childRow(c: DayListChild, list: DayList): Row {
  const cells: (string | string[])[] = [
    [`${c.lastName} ${c.firstName}`, c.classLevel ?? ''],
    flags(c, list.healthShown),
    ...(list.healthShown ? [health(c)] : []),
    c.canPickUp.map(personLine),
    c.forbidden.map((p) => `INTERDIT : ${personLine(p)}`),
    c.emergency.map(personLine),
    markText(c),
    [c.mark?.pickedUpName ?? ''],
  ]
  return { cells, emphasis: c.forbidden.length > 0 || (c.pai?.expired ?? false) }
}

function serviceSection(pdf: A4Document, list: DayList, s: DayListService, first: boolean): void {
  if (!first) pdf.doc.addPage()
  const capacity = s.capacity === null ? '' : ` / ${s.capacity} places`
  pdf.heading(`${s.name} (${s.code}) : ${s.expected} enfant(s) attendu(s)${capacity}`)
  if (!s.open)
    pdf.paragraph(`Service fermé ce jour${s.calendarLabel ? ` : ${s.calendarLabel}` : ''}.`, { bold: true })
  if (!list.healthShown)
    pdf.paragraph(
      'Les données de santé (PAI, allergies, régime) ne figurent pas : votre rôle ne permet pas de les voir.',
    )
  const rows: Row[] = []
  let group = ''
  for (const c of s.children) {
    const name = [c.school, c.classLevel].filter(Boolean).join(' · ') || 'École et classe non renseignées'
    if (name !== group) {
      group = name
      rows.push({ cells: [name], heading: true })
    }
    rows.push(childRow(c, list))
  }
  const blank = columns(list).map(() => '')
  for (let i = 0; i < WALK_IN_LINES; i++) rows.push({ cells: blank, blankHeight: 22 })
  drawTable(pdf, columns(list), rows)
}

export async function dayListPdf(list: DayList, now: Date): Promise<Buffer> {
  const pdf = new A4Document({
    landscape: true,
    documentTitle: `Liste du ${formatDay(list.date)} – ${list.structureName}`,
    header: {
      commune: list.commune,
      title: 'Liste de présence',
      lines: [list.structureName, longDate(list.date)],
      printedAt: printedAt(now),
    },
  })
  if (list.services.length === 0) pdf.paragraph('Aucun service dans cette structure.')
  for (const [i, s] of list.services.entries()) serviceSection(pdf, list, s, i === 0)
  return pdf.finish()
}

export const DAY_CSV_COLUMNS = [
  'Date',
  'Code service',
  'Service',
  'Identifiant',
  'Nom',
  'Prénom',
  'École',
  'Classe',
  'État',
  'Dossier validé',
  'PAI',
  "PAI valable jusqu'au",
  'Allergènes',
  'Régime',
  'Peuvent récupérer',
  'Interdits de récupérer',
  'Urgence',
  'Présence',
  'Arrivée',
  'Départ',
  'Récupéré par',
] as const

export function dayListCsv(list: DayList): Uint8Array {
  const rows = list.services.flatMap((s) =>
    s.children.map((c) => [
      csvDate(list.date),
      s.code,
      s.name,
      c.identifier,
      c.lastName,
      c.firstName,
      c.school ?? '',
      c.classLevel ?? '',
      c.stateLabel ?? '',
      c.fileValidated ? 'Oui' : 'Non',
      c.pai ? 'Oui' : list.healthShown ? 'Non' : '',
      c.pai?.validUntil ? csvDate(c.pai.validUntil) : '',
      (c.allergens ?? []).map(allergenName).join(', '),
      dietName(c.diet),
      c.canPickUp.map(personLine).join(' | '),
      c.forbidden.map(personLine).join(' | '),
      c.emergency.map(personLine).join(' | '),
      c.mark ? (c.mark.presence === 'present' ? 'Présent' : 'Absent') : '',
      c.mark?.arrivedAt ?? '',
      c.mark?.leftAt ?? '',
      c.mark?.pickedUpName ?? '',
    ]),
  )
  return writeCsvTable(DAY_CSV_COLUMNS, rows)
}
