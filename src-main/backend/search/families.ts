import type { FamilyListRow, SearchPage } from '@shared/contract/search'
import { dayInFrance } from '@shared/format/date'
import type { HandlerContext } from '../context'
import type { IndexedList, PageRequest } from './page'

interface RawFamilyRow {
  id: number
  number: string
  responsable_name: string | null
  conjoint_name: string | null
  city: string | null
  mobile: string | null
  email: string | null
  children_count: number
  pending_requests: number
  archived: number
}

const familyList: IndexedList<RawFamilyRow, FamilyListRow> = {
  kind: 'family',
  table: 'families',
  rowsSql: `
    SELECT f.id, f.number,
      trim(r.last_name || ' ' || r.first_name) AS responsable_name,
      trim(c.last_name || ' ' || c.first_name) AS conjoint_name,
      r.city, r.mobile_phone AS mobile, r.email,
      (SELECT count(*) FROM children k WHERE k.family_id = f.id) AS children_count,
      (SELECT count(*) FROM requests q WHERE q.family_id = f.id AND q.state = 'pending') AS pending_requests,
      CASE WHEN f.archived_on <= @today THEN 1 ELSE 0 END AS archived
    FROM page
    JOIN families f ON f.id = page.id
    LEFT JOIN guardians r ON r.family_id = f.id AND r.role = 'responsable'
    LEFT JOIN guardians c ON c.family_id = f.id AND c.role = 'conjoint'`,
  familyOf: 'o.family_id',
  archivedCountSql: 'SELECT count(*) FROM families a WHERE a.archived_on <= @today',
  toRow: (raw) => ({
    id: raw.id,
    number: raw.number,
    responsableName: raw.responsable_name ?? '',
    conjointName: raw.conjoint_name,
    city: raw.city,
    mobile: raw.mobile,
    email: raw.email,
    childrenCount: raw.children_count,
    pendingRequests: raw.pending_requests,
    archived: raw.archived === 1,
  }),
}

/** The Familles list: N° famille, guardians' names, phones and e-mails, children's names and Identifiants. */
export async function searchFamilies(
  ctx: HandlerContext,
  request: Omit<PageRequest, 'today'>,
): Promise<SearchPage<FamilyListRow>> {
  return ctx.storage.search.page(familyList, { ...request, today: dayInFrance(ctx.clock.now()) })
}
