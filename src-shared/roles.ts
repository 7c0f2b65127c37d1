export const ROLES = ['agent', 'responsable', 'administrateur'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  agent: 'Agent',
  responsable: 'Responsable',
  administrateur: 'Administrateur',
}

const RANK: Record<Role, number> = { agent: 1, responsable: 2, administrateur: 3 }

/** True when `role` is at least `minimum` (administrateur > responsable > agent). */
export function hasRole(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum]
}
