import type { DB } from '@db/schema'
import { formatDay } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { parseChanges } from './changes'

// Which record a history entry is about, when a child has several of one
// kind: "Personne autorisée VOISNE TEST", not just "Personne autorisée".
// The name is read from the record while it is on file, else from the entry
// that created or deleted it (both keep its values).

type Values = Record<string, unknown>

interface Named {
  table: 'authorized_persons' | 'health_conditions' | 'vaccinations'
  /** The record's row as the name needs it, by field key (the CSV column keys of docs/fichiers-csv.md). */
  columns: Record<string, string>
  name(values: Values): string
}

const NAMED: Record<string, Named> = {
  authorized_person: {
    table: 'authorized_persons',
    columns: { nom: 'last_name', prenom: 'first_name' },
    name: (v) => `${v.nom ?? ''} ${v.prenom ?? ''}`.trim(),
  },
  health_condition: {
    table: 'health_conditions',
    columns: { libelle: 'label' },
    name: (v) => (v.libelle ? `« ${v.libelle} »` : ''),
  },
  vaccination: {
    table: 'vaccinations',
    columns: { vaccin: 'vaccine_name', date: 'vaccinated_on' },
    name: (v) => [v.vaccin, v.date ? `du ${formatDay(String(v.date))}` : ''].filter(Boolean).join(' '),
  },
}

/** The names of the records these entries are about, by "type:id". */
export async function recordNames(
  db: Kysely<DB>,
  entries: { entity_type: string; entity_id: number | null }[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  for (const [type, named] of Object.entries(NAMED)) {
    const ids = [...new Set(entries.filter((e) => e.entity_type === type).flatMap((e) => e.entity_id ?? []))]
    if (ids.length === 0) continue
    const rows = (await db
      .selectFrom(named.table as 'authorized_persons')
      .select(['id', ...Object.values(named.columns)] as never[])
      .where('id', 'in', ids)
      .execute()) as unknown as Record<string, unknown>[]
    for (const row of rows) {
      const values = Object.fromEntries(
        Object.entries(named.columns).map(([key, column]) => [key, row[column]]),
      )
      names.set(`${type}:${row.id}`, named.name(values))
    }
    const gone = ids.filter((id) => !names.has(`${type}:${id}`))
    if (gone.length === 0) continue
    const trail = await db
      .selectFrom('audit_log')
      .select(['entity_id', 'changes'])
      .where('entity_type', '=', type)
      .where('entity_id', 'in', gone)
      .where('action', 'in', [`${type}.create`, `${type}.delete`])
      .execute()
    for (const entry of trail) {
      const values: Values = {}
      for (const change of parseChanges(type, entry.changes))
        values[change.field] = change.after ?? change.before
      const name = named.name(values)
      if (name) names.set(`${type}:${entry.entity_id}`, name)
    }
  }
  return names
}
