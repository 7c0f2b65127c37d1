/**
 * Splits a long list for `IN (…)` queries: SQLite (and PostgreSQL's
 * protocol) limit how many parameters one statement may carry.
 */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const parts: T[][] = []
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size))
  return parts
}
