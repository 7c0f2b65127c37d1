import type { AgendaAction } from '@shared/domain/agenda'

/** One key per action on the agenda grid, shown on screen and in the context menu. */
export const ACTION_KEYS: { action: AgendaAction; key: string; label: string }[] = [
  { action: 'reserve', key: 'R', label: 'Réserver' },
  { action: 'absence', key: 'A', label: 'Déclarer une absence' },
  { action: 'cancel', key: 'S', label: 'Supprimer (annuler la réservation ou l’absence)' },
  { action: 'justify', key: 'J', label: 'Justifier l’absence' },
]

export function actionOfKey(key: string): AgendaAction | null {
  return ACTION_KEYS.find((a) => a.key === key.toUpperCase())?.action ?? null
}

export const actionLabel = (action: AgendaAction) =>
  ACTION_KEYS.find((a) => a.action === action)?.label ?? action
