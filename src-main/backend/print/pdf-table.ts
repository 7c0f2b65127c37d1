import type { A4Document } from './pdf-document'

// A table that breaks across pages and repeats its head row. Cells hold
// lines of text; a row may be emphasised (bold, framed) for what the reader
// must not miss, readable in black and white.

export interface Column {
  label: string
  /** Share of the table's width; shares are normalised. */
  share: number
  align?: 'left' | 'right' | 'center'
}

export interface Row {
  cells: (string | string[])[]
  /** Bold and framed: a flag the reader must see (a forbidden person, an expired PAI). */
  emphasis?: boolean
  /** Empty row of a given height, for hand-written entries. */
  blankHeight?: number
  /** A group's title across the whole table (its first cell), shaded. */
  heading?: boolean
}

const PAD = 3
const SIZE = 8

export function drawTable(pdf: A4Document, columns: Column[], rows: Row[]): void {
  const { doc } = pdf
  const total = columns.reduce((sum, c) => sum + c.share, 0)
  const widths = columns.map((c) => (c.share / total) * pdf.width)
  const text = (cell: string | string[]) => (Array.isArray(cell) ? cell.join('\n') : cell)

  // Most lines fit their cell: measuring their width is far cheaper than
  // laying them out (heightOfString), which only the lines that wrap need.
  const lineHeight = doc.font('Helvetica').fontSize(SIZE).currentLineHeight(true)
  const cellHeight = (cell: string | string[], width: number) => {
    let height = 0
    for (const line of text(cell).split('\n'))
      height += doc.widthOfString(line) <= width ? lineHeight : doc.heightOfString(line || ' ', { width })
    return height
  }
  const heightOf = (cells: (string | string[])[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(SIZE)
    return Math.max(SIZE + 2, ...cells.map((cell, i) => cellHeight(cell, widths[i] - 2 * PAD))) + 2 * PAD
  }

  const drawRow = (
    cells: (string | string[])[],
    options: { bold: boolean; head?: boolean; height: number },
  ) => {
    const top = doc.y
    let x = pdf.left
    if (options.head) doc.rect(pdf.left, top, pdf.width, options.height).fillAndStroke('#e6e6e6', 'black')
    doc.lineWidth(options.bold && !options.head ? 1.4 : 0.5)
    cells.forEach((cell, i) => {
      doc.rect(x, top, widths[i], options.height).stroke()
      doc
        .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(SIZE)
        .fillColor('black')
        .text(text(cell), x + PAD, top + PAD, {
          width: widths[i] - 2 * PAD,
          align: columns[i].align ?? 'left',
        })
      x += widths[i]
    })
    doc.y = top + options.height
    doc.x = pdf.left
  }

  const head = columns.map((c) => c.label)
  const headHeight = heightOf(head, true)
  drawRow(head, { bold: true, head: true, height: headHeight })
  const drawHeading = (title: string) => {
    doc.font('Helvetica-Bold').fontSize(SIZE)
    const height = doc.heightOfString(title, { width: pdf.width - 2 * PAD }) + 2 * PAD
    const top = doc.y
    doc.lineWidth(0.5).rect(pdf.left, top, pdf.width, height).fillAndStroke('#f0f0f0', 'black')
    doc.fillColor('black').text(title, pdf.left + PAD, top + PAD, { width: pdf.width - 2 * PAD })
    doc.y = top + height
    doc.x = pdf.left
  }
  for (const row of rows) {
    if (row.heading) {
      if (doc.y + 3 * (SIZE + 2 * PAD) > pdf.bottom) {
        doc.addPage()
        drawRow(head, { bold: true, head: true, height: headHeight })
      }
      drawHeading(String(row.cells[0]))
      continue
    }
    const height = row.blankHeight ?? heightOf(row.cells, row.emphasis === true)
    if (doc.y + height > pdf.bottom) {
      doc.addPage()
      drawRow(head, { bold: true, head: true, height: headHeight })
    }
    drawRow(row.cells, { bold: row.emphasis === true, height })
  }
  doc.moveDown(0.5)
}
