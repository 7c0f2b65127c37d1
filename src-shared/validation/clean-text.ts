// What a free text may hold. Names, addresses and notes reach the database
// from the screens, the CSV import and the portal's requests; all three go
// through text()/requiredText() (./values.ts), which call cleanText() below.
//
// Refused, because they are invisible or change how the text is shown, so
// that "Dupont\0" or "Dupont" + U+200B could pass for "Dupont" beside it:
// - control characters: C0 (U+0000–U+001F) but tab and line breaks in
//   multi-line texts, DEL (U+007F), C1 (U+0080–U+009F), the line and
//   paragraph separators U+2028/U+2029 in one-line texts;
// - bidirectional controls: embeddings and overrides U+202A–U+202E,
//   isolates U+2066–U+2069, marks U+200E, U+200F and U+061C;
// - zero-width and invisible characters: U+200B–U+200D, U+2060–U+2064,
//   U+180E, U+FEFF inside a text, the soft hyphen U+00AD, and every other
//   Unicode "format" character (category Cf).
// Accepted text is stored in Unicode NFC, so that "é" typed as e + U+0301
// and "é" typed at once are one and the same name (docs/architecture.md).

export type Lines = 'single' | 'multi'

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u
/** Control (Cc) and format (Cf: bidi, zero-width…) characters, line separators: the only ones looked at closely. */
const SUSPECT = /[\p{Cc}\p{Cf}\u2028\u2029]/u
const SUSPECT_ALL = /[\p{Cc}\p{Cf}\u2028\u2029]/gu
const isControl = (char: string) => /\p{Cc}/u.test(char)

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

function where(char: string, index: number): string {
  return `${codePoint(char)}, ${index + 1}ᵉ caractère`
}

/** Why `text` cannot be stored, in French (the field's label is added by the caller), or null. */
export function textProblem(text: string, lines: Lines = 'single'): string | null {
  if (!SUSPECT.test(text)) return null
  for (const match of text.matchAll(SUSPECT_ALL)) {
    const char = match[0]
    const i = match.index
    if (char === '\n' || char === '\r' || char === '\t') {
      if (lines === 'multi') continue
      return char === '\t'
        ? `tabulation interdite dans ce champ (${i + 1}ᵉ caractère)`
        : `retour à la ligne interdit dans ce champ (${i + 1}ᵉ caractère)`
    }
    if (isControl(char)) return `caractère de contrôle interdit (${where(char, i)})`
    if (BIDI.test(char)) return `caractère de changement du sens d’écriture interdit (${where(char, i)})`
    if (char === '\u2028' || char === '\u2029')
      return lines === 'multi'
        ? `séparateur de ligne Unicode interdit (${where(char, i)}) : utilisez un retour à la ligne ordinaire`
        : `retour à la ligne interdit dans ce champ (${i + 1}ᵉ caractère)`
    return `caractère invisible interdit (${where(char, i)})`
  }
  return null
}

/** The stored form of an accepted text: NFC, line breaks as \n. */
export function storedText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC')
}
