import type { Database } from 'better-sqlite3-multiple-ciphers'

export interface CheckReport {
  ok: boolean
  /** French lines describing each problem found. */
  problems: string[]
}

interface ForeignKeyProblem {
  table: string
  rowid: number | null
  parent: string
  fkid: number
}

/** integrity_check and foreign_key_check, reported in French. */
export function checkDatabase(sqlite: Database): CheckReport {
  const problems: string[] = []
  const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[]
  for (const row of integrity)
    if (row.integrity_check !== 'ok') problems.push(`Intégrité : ${row.integrity_check}`)
  const foreign = sqlite.pragma('foreign_key_check') as ForeignKeyProblem[]
  for (const row of foreign)
    problems.push(
      `Clé étrangère : la ligne ${row.rowid ?? '?'} de la table « ${row.table} » renvoie à une ligne absente de « ${row.parent} »`,
    )
  return { ok: problems.length === 0, problems }
}
