import PDFDocument from 'pdfkit'

// A4 documents made in the back-end with pdfkit, so that the screen and the
// command line give the same file. Standard Helvetica covers French text
// (WinAnsi: é, œ, «, ’). Every page gets the header (commune, what the list
// is, when it was printed) and "Page n / N" at the foot; black and white safe:
// emphasis is bold text and frames, never colour alone.

export const MM = 72 / 25.4
const MARGIN = 12 * MM

export interface PageHeader {
  /** The commune, from Paramètres. */
  commune: string
  /** What the document is: « Liste de présence », « Commande de repas »… */
  title: string
  /** Lines under the title: structure, service, date. */
  lines: string[]
  /** « Imprimé le 01/12/2026 à 08:12 ». */
  printedAt: string
}

export interface A4Options {
  landscape?: boolean
  header: PageHeader
  /** Document metadata title. */
  documentTitle: string
}

export type Doc = InstanceType<typeof PDFDocument>

export class A4Document {
  readonly doc: Doc
  private readonly header: PageHeader

  constructor(options: A4Options) {
    this.header = options.header
    this.doc = new PDFDocument({
      size: 'A4',
      layout: options.landscape ? 'landscape' : 'portrait',
      margins: { top: MARGIN + 16 * MM, bottom: MARGIN + 8 * MM, left: MARGIN, right: MARGIN },
      bufferPages: true,
      info: { Title: options.documentTitle, Creator: 'Marelle', Producer: 'Marelle' },
    })
    this.doc.on('pageAdded', () => this.drawHeader())
    this.drawHeader()
  }

  get left(): number {
    return this.doc.page.margins.left
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom
  }

  /** Starts a new page when fewer than `height` points are left. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage()
  }

  heading(text: string): void {
    this.ensureSpace(30)
    this.doc.moveDown(0.4)
    this.doc.font('Helvetica-Bold').fontSize(11).fillColor('black').text(text, this.left, this.doc.y, {
      width: this.width,
    })
    this.doc.moveDown(0.2)
  }

  paragraph(text: string, options: { bold?: boolean; size?: number } = {}): void {
    this.doc
      .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(options.size ?? 9)
      .fillColor('black')
      .text(text, this.left, this.doc.y, { width: this.width })
  }

  private drawHeader(): void {
    const { doc, header } = this
    const top = MARGIN
    const saved = doc.y
    doc.font('Helvetica-Bold').fontSize(12).fillColor('black')
    doc.text(`${header.title}`, this.left, top, { width: this.width * 0.65, lineBreak: false })
    doc.font('Helvetica').fontSize(8)
    doc.text(header.commune, this.left + this.width * 0.65, top, {
      width: this.width * 0.35,
      align: 'right',
      lineBreak: false,
    })
    doc.text(header.printedAt, this.left + this.width * 0.65, top + 11, {
      width: this.width * 0.35,
      align: 'right',
      lineBreak: false,
    })
    doc.font('Helvetica').fontSize(9)
    doc.text(header.lines.join('  ·  '), this.left, top + 16, { width: this.width * 0.65, lineBreak: false })
    doc
      .moveTo(this.left, top + 30)
      .lineTo(this.left + this.width, top + 30)
      .lineWidth(0.8)
      .stroke()
    doc.y = Math.max(saved, doc.page.margins.top)
    doc.x = this.left
  }

  /** Writes the page numbers and returns the whole file. */
  async finish(): Promise<Buffer> {
    const { doc } = this
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    const done = new Promise<void>((resolve, reject) => {
      doc.on('end', () => resolve())
      doc.on('error', reject)
    })
    const range = doc.bufferedPageRange()
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i)
      const bottomMargin = doc.page.margins.bottom
      doc.page.margins.bottom = 0
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor('black')
        .text(`Page ${i + 1} / ${range.count}`, this.left, doc.page.height - MARGIN - 6, {
          width: this.width,
          align: 'right',
          lineBreak: false,
        })
      doc.page.margins.bottom = bottomMargin
    }
    doc.end()
    await done
    return Buffer.concat(chunks)
  }
}
