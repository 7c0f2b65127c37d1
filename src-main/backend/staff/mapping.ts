import type { StaffTable } from '@db/schema'
import type { StaffAccount } from '@shared/contract/staff'
import type { Selectable } from 'kysely'

export function toStaffAccount(row: Selectable<StaffTable>, now: Date): StaffAccount {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    active: row.active === 1,
    locked: row.locked_until !== null && row.locked_until > now.toISOString(),
    mustChangePassword: row.must_change_password === 1,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    version: row.version,
  }
}
