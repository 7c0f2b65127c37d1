import type { DB } from '@db/schema'
import { looseKey } from '@shared/domain/options'
import type { Kysely } from 'kysely'
import { chunks } from './chunks'

// The service a portal reservation or absence names: docs/demandes-portail.md lets the
// family give its name or its code. A code is
// unique; a name may exist in two structures, and then the one the child is
// enrolled in is meant.

export interface AgendaService {
  id: number
  name: string
  code: string
  structureName: string
  /** The structure's school zone (A, B, C, Corse). */
  zone: string
}

/** A service found, or why none was (French, shown to staff in the review). */
export type ServiceMatch = { service: AgendaService; problem: null } | { service: null; problem: string }

export interface ServiceQuery {
  childId: number
  /** As the family wrote it. */
  service: string
}

async function allServices(trx: Kysely<DB>) {
  return trx
    .selectFrom('services')
    .innerJoin('structures', 'structures.id', 'services.structure_id')
    .select([
      'services.id',
      'services.name',
      'services.code',
      'services.active',
      'structures.name as structureName',
      'structures.zone',
    ])
    .orderBy('services.id')
    .execute()
}

async function enrolledPairs(trx: Kysely<DB>, childIds: number[], serviceIds: number[]) {
  const pairs = new Set<string>()
  if (serviceIds.length === 0) return pairs
  for (const part of chunks([...new Set(childIds)]))
    for (const row of await trx
      .selectFrom('enrolments')
      .select(['child_id', 'service_id'])
      .where('child_id', 'in', part)
      .where('service_id', 'in', serviceIds)
      .execute())
      pairs.add(`${row.child_id}:${row.service_id}`)
  return pairs
}

const unknownService = (text: string) =>
  `Service « ${text} » inconnu : aucun service de Marelle ne porte ce nom ou ce code. Vérifiez le nom des services (Calendrier → Structures), puis refusez la demande ou classez-la sans suite avec une réponse à la famille.`

/**
 * Finds the service of each query, in two reads whatever the number of
 * queries (the services of a commune are a few dozen). The result is in the
 * order of the queries.
 */
export async function resolveServices(trx: Kysely<DB>, queries: ServiceQuery[]): Promise<ServiceMatch[]> {
  if (queries.length === 0) return []
  const services = await allServices(trx)
  const byCode = new Map(services.map((s) => [s.code.toLowerCase(), s]))
  const byName = new Map<string, typeof services>()
  for (const s of services) byName.set(looseKey(s.name), [...(byName.get(looseKey(s.name)) ?? []), s])
  const candidates = queries.map((q) => {
    const code = byCode.get(q.service.trim().toLowerCase())
    if (code) return [code]
    return byName.get(looseKey(q.service)) ?? byName.get(looseKey(q.service.replace(/\s*\(.*\)$/, ''))) ?? []
  })
  const ambiguous = candidates.flatMap((c) => (c.length > 1 ? c.map((s) => s.id) : []))
  const enrolled = await enrolledPairs(
    trx,
    queries.filter((_, i) => candidates[i].length > 1).map((q) => q.childId),
    [...new Set(ambiguous)],
  )
  return queries.map((q, i) => {
    let found = candidates[i]
    if (found.length > 1) {
      const own = found.filter((s) => enrolled.has(`${q.childId}:${s.id}`))
      const active = found.filter((s) => s.active === 1)
      found = own.length > 0 ? own : active.length > 0 ? active : found
    }
    if (found.length === 0) return { service: null, problem: unknownService(q.service) }
    if (found.length > 1)
      return {
        service: null,
        problem: `Service « ${q.service} » ambigu : ${found.map((s) => `${s.name} (${s.structureName}, code ${s.code})`).join(' ; ')}. Renommez l’un d’eux ou refusez la demande avec une réponse à la famille.`,
      }
    const [s] = found
    return {
      service: { id: s.id, name: s.name, code: s.code, structureName: s.structureName, zone: s.zone },
      problem: null,
    }
  })
}
