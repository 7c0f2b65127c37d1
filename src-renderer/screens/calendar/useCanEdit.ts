import { hasRole } from '@shared/roles'
import { useSession } from '../../auth/session-context'

/** Structures, holidays and closures are changed by a responsable or an administrateur. */
export function useCanEdit(): boolean {
  return hasRole(useSession().staff.role, 'responsable')
}
