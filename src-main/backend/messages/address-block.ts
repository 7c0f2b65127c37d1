import { labelOf } from '@shared/domain/options'
import { CIVILITIES } from '@shared/domain/people'

// The recipient's address as NF Z10-011 lays it out for a window envelope
// (docs/messages.md, « Courrier »): at most six lines of at most 38
// characters, from the person to the town:
//   1 civility, first name and NAME   4 number and street
//   2 complement (flat, floor, c/o)    5 lieu-dit, BP
//   3 complement (building, résidence) 6 POSTAL CODE and TOWN, in capitals
// Empty lines are left out, the order is kept.

export const ADDRESS_LINE_MAX = 38
export const ADDRESS_LINES_MAX = 6

export interface PostalAddressee {
  civility: string
  firstName: string
  lastName: string
  /** Adresse (number and street). */
  line1: string | null
  /** Complément d'adresse 1 and 2. */
  line2: string | null
  line3: string | null
  /** Lieu-dit. */
  locality: string | null
  postalCode: string | null
  city: string | null
}

const squeeze = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim()

/** Capitals without accents nor punctuation, as La Poste reads the last line. */
export function postalTown(text: string): string {
  return squeeze(
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toUpperCase()
      .replace(/[^A-Z0-9 ]/g, ' '),
  )
}

/** The name line within 38 characters: the first name goes first, then the name is cut. */
function nameLine(a: PostalAddressee): string {
  const last = squeeze(a.lastName).toUpperCase()
  for (const candidate of [[a.civility, a.firstName, last], [a.civility, last], [last]]) {
    const line = squeeze(candidate.filter(Boolean).join(' '))
    if (line.length <= ADDRESS_LINE_MAX) return line
  }
  return last.slice(0, ADDRESS_LINE_MAX)
}

export function addressBlock(a: PostalAddressee): string[] {
  const town = squeeze([squeeze(a.postalCode), postalTown(a.city ?? '')].filter(Boolean).join(' '))
  const lines = [nameLine(a), squeeze(a.line2), squeeze(a.line3), squeeze(a.line1), squeeze(a.locality), town]
  return lines
    .filter((l) => l !== '')
    .map((l) => l.slice(0, ADDRESS_LINE_MAX))
    .slice(0, ADDRESS_LINES_MAX)
}

/** True when a letter can reach the family: a street or lieu-dit, and the postal code and town. */
export function isDeliverable(a: PostalAddressee): boolean {
  return (
    (squeeze(a.line1) !== '' || squeeze(a.locality) !== '') &&
    squeeze(a.postalCode) !== '' &&
    squeeze(a.city) !== ''
  )
}

/** The addressee of a guardian's row (the responsable's, or the conjoint's when there is none). */
export function toAddressee(
  g: {
    civility: string | null
    first_name: string
    last_name: string
    address_line1: string | null
    address_line2: string | null
    address_line3: string | null
    locality: string | null
    postal_code: string | null
    city: string | null
  } | null,
): PostalAddressee {
  return {
    civility: labelOf(CIVILITIES, g?.civility ?? null),
    firstName: g?.first_name ?? '',
    lastName: g?.last_name ?? '',
    line1: g?.address_line1 ?? null,
    line2: g?.address_line2 ?? null,
    line3: g?.address_line3 ?? null,
    locality: g?.locality ?? null,
    postalCode: g?.postal_code ?? null,
    city: g?.city ?? null,
  }
}
