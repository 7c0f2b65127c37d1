/** TanStack Query keys of the request queue, shared by the screen, its modals and the dashboard. */
export const REQUESTS_KEY = ['requests'] as const
export const COUNTS_KEY = ['requests', 'counts'] as const
export const reviewKey = (id: number) => ['requests', 'review', id] as const
export const PAGES_KEY = ['requests', 'page'] as const
export const pageKey = (filter: unknown) => [...PAGES_KEY, filter] as const
