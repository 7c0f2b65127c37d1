import type { ChildListRow, SearchPage } from '@shared/contract/search'
import { dayInFrance } from '@shared/format/date'
import type { HandlerContext } from '../context'
import { canSeeHealth } from '../settings/service'
import type { IndexedList, PageRequest } from './page'

interface RawChildRow {
  id: number
  identifier: string
  last_name: string
  first_name: string
  birth_date: string | null
  family_id: number
  family_number: string
  school: string | null
  class_level: string | null
  pai: number
  pai_valid_until: string | null
  allergy: number
  left_on: string | null
  family_archived: number
}

const childList: IndexedList<RawChildRow, ChildListRow> = {
  kind: 'child',
  table: 'children',
  rowsSql: `
    SELECT c.id, c.identifier, c.last_name, c.first_name, c.birth_date, c.family_id,
      f.number AS family_number, c.school, c.class_level, c.pai, c.pai_valid_until, c.left_on,
      EXISTS (SELECT 1 FROM health_conditions h WHERE h.child_id = c.id AND h.kind = 'allergie') AS allergy,
      CASE WHEN f.archived_on <= @today THEN 1 ELSE 0 END AS family_archived
    FROM page
    JOIN children c ON c.id = page.id
    JOIN families f ON f.id = c.family_id`,
  familyOf: '(SELECT k.family_id FROM children k WHERE k.id = o.child_id)',
  archivedCountSql:
    'SELECT count(*) FROM families a JOIN children k ON k.family_id = a.id WHERE a.archived_on <= @today',
  toRow: (raw) => ({
    id: raw.id,
    identifier: raw.identifier,
    lastName: raw.last_name,
    firstName: raw.first_name,
    birthDate: raw.birth_date,
    familyId: raw.family_id,
    familyNumber: raw.family_number,
    school: raw.school,
    classLevel: raw.class_level,
    pai: raw.pai === 1,
    paiValidUntil: raw.pai_valid_until,
    allergy: raw.allergy === 1,
    leftOn: raw.left_on,
    familyArchived: raw.family_archived === 1,
  }),
}

/** The Enfants list: children's names, Identifiants and N° famille; PAI and allergy only for the health role. */
export async function searchChildren(
  ctx: HandlerContext,
  request: Omit<PageRequest, 'today'>,
): Promise<SearchPage<ChildListRow>> {
  const page = await ctx.storage.search.page(childList, { ...request, today: dayInFrance(ctx.clock.now()) })
  if (ctx.actor && (await canSeeHealth(ctx.db, ctx.actor))) return page
  return { ...page, rows: page.rows.map((r) => ({ ...r, pai: null, paiValidUntil: null, allergy: null })) }
}
