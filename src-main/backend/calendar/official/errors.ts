/** A file that cannot be read as the official school calendar; the message is French, for staff. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportFileError'
  }
}
