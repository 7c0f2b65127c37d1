import PDFDocument from 'pdfkit'
import { MM } from '../print/pdf-document'

// Letters for a window envelope (docs/messages.md, « Courrier »), several
// in one A4 PDF, each on its own pages. The recipient's address sits where
// the envelope's window is: 100 mm from the left edge, 47 mm from the top.
// The sender (the commune, from Paramètres) is printed top left, outside
// the window.

export interface Letter {
  /** The address block (address-block.ts). */
  address: string[]
  subject: string
  body: string
  /** « Biviers, le 02/12/2026 ». */
  placeAndDate: string
  /** « Famille n° 383304832264 », small, at the foot: for the service's filing. */
  reference: string
}

export interface LetterSender {
  commune: string
  /** The commune's postal address (Paramètres), one line per line. */
  address: string[]
}

const LEFT = 20 * MM
const WIDTH = 170 * MM
const WINDOW = { x: 100 * MM, y: 47 * MM, width: 95 * MM }

export async function lettersPdf(sender: LetterSender, letters: Letter[], title: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * MM, bottom: 20 * MM, left: LEFT, right: 20 * MM },
    autoFirstPage: false,
    info: { Title: title, Creator: 'Marelle', Producer: 'Marelle' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })
  for (const letter of letters) {
    doc.addPage()
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(sender.commune, LEFT, 15 * MM, { width: 75 * MM })
    doc.font('Helvetica').fontSize(9)
    for (const line of sender.address) doc.text(line, { width: 75 * MM })
    doc.font('Helvetica').fontSize(10)
    letter.address.forEach((line, i) => {
      doc.text(line, WINDOW.x, WINDOW.y + i * 4.4 * MM, { width: WINDOW.width, lineBreak: false })
    })
    doc.text(letter.placeAndDate, LEFT, 95 * MM, { width: WIDTH, align: 'right' })
    doc.font('Helvetica-Bold').text(`Objet : ${letter.subject}`, LEFT, 105 * MM, { width: WIDTH })
    doc.moveDown(1.2)
    doc.font('Helvetica').fontSize(10).text(letter.body, LEFT, doc.y, { width: WIDTH, lineGap: 2 })
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .fontSize(7)
      .fillColor('#444444')
      .text(letter.reference, LEFT, doc.page.height - 12 * MM, { width: WIDTH, lineBreak: false })
      .fillColor('black')
    doc.page.margins.bottom = bottom
  }
  doc.end()
  await done
  return Buffer.concat(chunks)
}
