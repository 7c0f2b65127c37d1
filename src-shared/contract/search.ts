import { z } from '../zod'
import { channel } from './define'

/** One line of the Familles list. */
export interface FamilyListRow {
  id: number
  /** N° famille. */
  number: string
  /** "Nom Prénom" of the responsable; '' when the family has none yet. */
  responsableName: string
  conjointName: string | null
  /** The responsable's city. */
  city: string | null
  mobile: string | null
  email: string | null
  childrenCount: number
  pendingRequests: number
  /** Every child has left (docs/depart-et-archivage.md): shown with the badge « Archivée ». */
  archived: boolean
}

/** One line of the Enfants list. */
export interface ChildListRow {
  id: number
  identifier: string
  lastName: string
  firstName: string
  birthDate: string | null
  familyId: number
  familyNumber: string
  school: string | null
  classLevel: string | null
  /** Health flags: null for roles that may not see health data. */
  pai: boolean | null
  paiValidUntil: string | null
  allergy: boolean | null
  leftOn: string | null
  /** The child's family is archived (every child has left). */
  familyArchived: boolean
}

/** A page of a list in name order, and how many rows match in all. */
export interface SearchPage<Row> {
  rows: Row[]
  total: number
  /** Matching rows left out because their family is archived (0 when they are included). */
  archivedLeftOut: number
}

/**
 * What staff type in the search box: words of names, e-mails, phone numbers
 * (any spacing, +33…), N° famille or Identifiant, each word as a prefix.
 * Empty: everything, in name order.
 */
export const searchInput = z
  .object({
    query: z.string().max(200).describe('Recherche').default(''),
    limit: z.number().int().min(1).max(500).describe('Nombre de lignes').default(50),
    offset: z.number().int().min(0).describe('Début').default(0),
    includeArchived: z.boolean().describe('Inclure les familles archivées').default(false),
  })
  .strict()

export const searchChannels = {
  'families/search': channel(searchInput, { access: 'agent' }).returns<SearchPage<FamilyListRow>>(),
  'children/search': channel(searchInput, { access: 'agent' }).returns<SearchPage<ChildListRow>>({
    health: {
      where: 'liste des enfants (PAI, allergies)',
      reads: (page, input) => ({
        bulk: {
          scope: input.query.trim() === '' ? 'tous les enfants' : `recherche « ${input.query.trim()} »`,
          count: page.rows.filter((r) => r.pai !== null || r.allergy !== null).length,
        },
      }),
    },
  }),
}
