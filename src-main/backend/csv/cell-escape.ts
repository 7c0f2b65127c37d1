// Formula neutralisation. Excel, LibreOffice and Google Sheets run a cell
// that starts with = + - @ (or tab, CR) as a formula, even when the CSV
// quotes it: a family's "=HYPERLINK(…)" in a Détails cell would run on a
// staff computer. So every written cell that starts with one of them gets a
// leading apostrophe, the sign Excel users know for "this is text".
//
// The rule must be undone exactly on import, for any text (export then import
// gives back the same data, "+33 6…" included), so the apostrophe is itself
// escaped: a text that really starts with ' is written with one more.
//   write: starts with a trigger or with '  → prefix one '
//   read:  starts with '                    → drop that one '
// Every value round-trips: the written form of any text starting with ' or a
// trigger starts with ', and dropping one gives it back; any other text is
// written and read unchanged. Reading strips the apostrophe from every data
// cell, whatever software wrote the file (staff typing '0612… in Excel to keep
// the zero lose nothing: Excel does not write that apostrophe to CSV).
//
// Triggers: = + - @, tab, CR, LF, and their full-width forms ＝ ＋ － ＠, which
// some spreadsheet versions normalise to the ASCII ones.

export const NEUTRALISING_PREFIX = "'"

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\uff1d', '\uff0b', '\uff0d', '\uff20'])

/** The cell as written: never starts with a formula trigger. */
export function neutraliseCell(text: string): string {
  if (text.length === 0) return text
  const first = text[0]
  return TRIGGERS.has(first) || first === NEUTRALISING_PREFIX ? NEUTRALISING_PREFIX + text : text
}

/** The text a written cell stands for: the exact inverse of neutraliseCell. */
export function restoreCell(cell: string): string {
  return cell.startsWith(NEUTRALISING_PREFIX) ? cell.slice(1) : cell
}

/** True when a spreadsheet could run the cell (for tests and checks). */
export function isFormulaTrigger(cell: string): boolean {
  return cell.length > 0 && TRIGGERS.has(cell[0])
}
