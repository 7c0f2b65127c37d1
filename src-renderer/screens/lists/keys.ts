/** Query keys of the Journée screen. */
export const listKeys = {
  all: ['lists'] as const,
  structures: () => ['lists', 'structures'] as const,
  day: (structureId: number, date: string, serviceId: number | null) =>
    ['lists', 'day', structureId, date, serviceId] as const,
  kitchen: (structureId: number, from: string, to: string) =>
    ['lists', 'kitchen', structureId, from, to] as const,
}
