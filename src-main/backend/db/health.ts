import type { Database } from 'better-sqlite3-multiple-ciphers'
import { storageError } from '../errors'

// Is the database file sound? A damaged page opens normally and shows only
// when a query walks over it, so Marelle looks itself: at start-up (bounded
// in time, so a city's database still opens at once), and in full before each
// automatic backup (so a damaged file never replaces a good copy). See
// docs/architecture.md, "Stockage".

export interface StorageHealth {
  ok: boolean
  /** False when the time budget ran out before every table was checked (what was checked is sound). */
  complete: boolean
  /** French lines, one per problem found. */
  problems: string[]
  checkedAt: string
  tablesChecked: number
  tablesTotal: number
}

/** Default time budget of the start-up check. */
export const STARTUP_CHECK_MS = 1000
/** At most this many problems are listed (quick_check's own limit). */
const MAX_PROBLEMS = 20

/** Tables in the order they matter to staff: the families' files first, the audit trail (the largest) last. */
function tablesToCheck(sqlite: Database): string[] {
  const names = sqlite
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  const first = ['staff', 'families', 'guardians', 'children', 'authorized_persons', 'vaccinations']
  const last = ['audit_log']
  const rank = (n: string) => (first.includes(n) ? first.indexOf(n) : last.includes(n) ? 1000 : 100)
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

function problemText(error: unknown): string {
  const code = String((error as { code?: unknown }).code ?? '')
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return 'illisible, la base est endommagée à cet endroit'
  return storageError(error)?.message ?? `vérification impossible (${(error as Error).message})`
}

/**
 * PRAGMA quick_check table by table, stopping once `budgetMs` is spent
 * (Infinity: everything). quick_check reads every page of each table and
 * index, without the slower cross-checks of integrity_check.
 */
export function quickCheck(sqlite: Database, options: { budgetMs?: number; now?: Date } = {}): StorageHealth {
  const budget = options.budgetMs ?? STARTUP_CHECK_MS
  const started = performance.now()
  const checkedAt = (options.now ?? new Date()).toISOString()
  const problems: string[] = []
  let tables: string[]
  try {
    tables = tablesToCheck(sqlite)
  } catch (error) {
    return {
      ok: false,
      complete: true,
      problems: [problemText(error)],
      checkedAt,
      tablesChecked: 0,
      tablesTotal: 0,
    }
  }
  let checked = 0
  for (const table of tables) {
    if (checked > 0 && performance.now() - started > budget) break
    try {
      const rows = sqlite
        .prepare(`PRAGMA quick_check('${table.replace(/'/g, "''")}')`)
        .raw()
        .all() as [string][]
      for (const [line] of rows) if (line !== 'ok') problems.push(`Table « ${table} » : ${line}`)
    } catch (error) {
      problems.push(`Table « ${table} » : ${problemText(error)}`)
    }
    checked++
    if (problems.length >= MAX_PROBLEMS) break
  }
  const ok = problems.length === 0
  return {
    ok,
    complete: checked === tables.length || !ok,
    problems: problems.slice(0, MAX_PROBLEMS),
    checkedAt,
    tablesChecked: checked,
    tablesTotal: tables.length,
  }
}

/** The last check of each open connection, for the health channel. */
const lastChecks = new WeakMap<Database, StorageHealth>()

export function rememberHealth(sqlite: Database, health: StorageHealth): StorageHealth {
  lastChecks.set(sqlite, health)
  return health
}

export function lastHealth(sqlite: Database): StorageHealth | null {
  return lastChecks.get(sqlite) ?? null
}
