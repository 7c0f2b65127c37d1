import type { KitchenCount } from '@shared/contract/lists'
import { ALLERGENS } from '@shared/domain/health'
import { formatDay, formatInstant } from '@shared/format/date'
import { csvDate } from '../csv/values'
import { writeCsvTable } from '../csv/writer'
import { A4Document } from '../print/pdf-document'
import { drawTable } from '../print/pdf-table'
import { KITCHEN_DIETS } from './kitchen'
import { dietCountLabel, longDate, printedAt } from './labels'

// The kitchen's count as an A4 portrait PDF (one block per day and meal
// service) and as a CSV, one line per day and service.

export async function kitchenPdf(count: KitchenCount, now: Date): Promise<Buffer> {
  const period =
    count.from === count.to ? longDate(count.from) : `du ${formatDay(count.from)} au ${formatDay(count.to)}`
  const pdf = new A4Document({
    documentTitle: `Commande de repas ${period} – ${count.structureName}`,
    header: {
      commune: count.commune,
      title: 'Commande de repas',
      lines: [count.structureName, period],
      printedAt: printedAt(now),
    },
  })
  if (!count.healthShown)
    pdf.paragraph(
      'Régimes et allergies ne figurent pas : votre rôle ne permet pas de voir les données de santé.',
    )
  const days = count.days.filter((d) => d.total > 0)
  if (days.length === 0) pdf.paragraph('Aucun repas attendu sur la période.')
  for (const d of days) {
    pdf.ensureSpace(160)
    pdf.heading(`${longDate(d.date)} · ${d.service} : ${d.total} repas`)
    if (d.lastSentAt) pdf.paragraph(`Commande envoyée le ${formatInstant(d.lastSentAt)}.`)
    if (!count.healthShown) continue
    drawTable(
      pdf,
      [
        { label: 'Régime', share: 3 },
        { label: 'Repas', share: 1, align: 'right' },
      ],
      [
        ...KITCHEN_DIETS.map((diet) => ({ cells: [dietCountLabel(diet), String(d.byDiet[diet] ?? 0)] })),
        { cells: ['Paniers-repas (PAI), non cuisinés', String(d.packedMeals)], emphasis: d.packedMeals > 0 },
      ],
    )
    const allergic = d.byAllergen.filter((a) => a.count > 0)
    if (allergic.length > 0)
      drawTable(
        pdf,
        [
          { label: 'Allergène', share: 3 },
          { label: 'Enfants', share: 1, align: 'right' },
          { label: 'Qui (classe)', share: 6 },
        ],
        allergic.map((a) => ({
          cells: [
            a.label,
            String(a.count),
            a.children
              .map((c) => `${c.lastName} ${c.firstName}${c.classLevel ? ` (${c.classLevel})` : ''}`)
              .join(', '),
          ],
          emphasis: true,
        })),
      )
  }
  return pdf.finish()
}

export function kitchenCsv(count: KitchenCount): Uint8Array {
  const columns = [
    'Date',
    'Code service',
    'Service',
    'Total',
    ...KITCHEN_DIETS.map(dietCountLabel),
    'Paniers-repas (PAI)',
    ...ALLERGENS.map((a) => a.label),
  ]
  const rows = count.days.map((d) => [
    csvDate(d.date),
    d.code,
    d.service,
    String(d.total),
    ...KITCHEN_DIETS.map((diet) => (count.healthShown ? String(d.byDiet[diet] ?? 0) : '')),
    count.healthShown ? String(d.packedMeals) : '',
    ...ALLERGENS.map((a) =>
      count.healthShown ? String(d.byAllergen.find((x) => x.allergen === a.value)?.count ?? 0) : '',
    ),
  ])
  return writeCsvTable(columns, rows)
}
