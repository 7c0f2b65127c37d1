// Turns what staff type into an FTS5 MATCH expression. Every word becomes a
// quoted prefix term ("dup"*): quoting makes FTS5 syntax characters and
// keywords (" * ( ) : ^ - AND OR NOT NEAR) plain text, so no query can
// raise a syntax error. Numbers typed in groups ("06 12 34 56 78",
// "06.12.34.56.78", "+33 6 12…", "3833 0483") are joined back into the one
// token they are stored as.

const WORD = /[\p{L}\p{N}\p{M}]+/gu
/** Digit groups separated only by phone punctuation, not glued to letters. */
const NUMBER_RUN = /(?<![\p{L}\p{N}])(\+?)(\d+(?:[\s.\-/()]+\d+)*)(?![\p{L}\p{N}])/gu
const MAX_TERMS = 12

/** How many digits a number starting with `digits` can have: French 10, +33 11 (12 with "(0)"), 0033 13, identifiers 12. */
function maxDigits(digits: string, international: boolean): number {
  if (digits.startsWith('0033')) return 13
  if (international && digits.startsWith('33')) return 12
  if (digits.startsWith('0')) return 10
  return 12
}

/** +33 6 12… and 0033 6 12… are stored as 0612…; other numbers stay as typed. */
function storedNumber(digits: string, international: boolean): string {
  const national = digits.startsWith('0033')
    ? digits.slice(4)
    : international && digits.startsWith('33')
      ? digits.slice(2)
      : null
  return national === null ? digits : `0${national.replace(/^0/, '')}`
}

/** Joins the groups of one run into as many numbers as they make. */
function joinGroups(plus: string, run: string): string[] {
  const numbers: string[] = []
  let current = ''
  let international = plus === '+'
  for (const group of run.match(/\d+/g) ?? []) {
    if (current !== '' && current.length + group.length > maxDigits(current, international)) {
      numbers.push(storedNumber(current, international))
      current = ''
      international = false
    }
    current += group
  }
  if (current !== '') numbers.push(storedNumber(current, international))
  return numbers
}

/** The words of a query, numbers joined and normalised. */
export function searchTerms(text: string): string[] {
  const joined = text
    .normalize('NFC')
    .replace(NUMBER_RUN, (_all, plus: string, run: string) => ` ${joinGroups(plus, run).join(' ')} `)
  return (joined.match(WORD) ?? []).slice(0, MAX_TERMS)
}

/** The MATCH expression for `text`, or null when it holds no word (list everything). */
export function matchExpression(text: string): string | null {
  const terms = searchTerms(text)
  return terms.length === 0 ? null : terms.map((t) => `"${t}"*`).join(' ')
}
