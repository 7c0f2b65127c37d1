import type { DB } from '@db/schema'
import type { AllergenCount, KitchenCount, KitchenDay } from '@shared/contract/lists'
import { ALLERGENS, DIETS } from '@shared/domain/health'
import type { Kysely } from 'kysely'
import { computeAgenda } from '../agenda/compute'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { canSeeHealth } from '../settings/service'
import { type ChildDetails, loadChildDetails } from './child-details'
import { communeName } from './commune'
import { findStructure } from './day-list'

// The kitchen's counts (docs/listes-du-jour.md): per day and meal service, the
// meals to cook by diet ('standard' and each neutral diet of the records), the
// packed meals brought under a PAI (not cooked), and for each of the 14
// regulated allergens how many children and which ones. Diets and allergies
// are health data: for a role without the health right only the totals show.

/** Diets counted as meals to cook; the packed meal is counted apart. */
export const KITCHEN_DIETS = ['standard', ...DIETS.map((d) => d.value).filter((d) => d !== 'panier_repas')]

interface SnapshotChild {
  id: number
  name: string
  diet: string
  allergens: string[]
}

function meal(details: ChildDetails, day: string): { diet: string; packed: boolean } {
  const paiValid = details.pai && (details.paiValidUntil === null || details.paiValidUntil >= day)
  const packed = details.diet === 'panier_repas' || (paiValid && details.paiPackedMeal)
  return { diet: packed ? 'panier_repas' : (details.diet ?? 'standard'), packed }
}

function snapshot(children: ChildDetails[], day: string): SnapshotChild[] {
  return children
    .map((c) => ({
      id: c.childId,
      name: `${c.lastName} ${c.firstName}`,
      diet: meal(c, day).diet,
      allergens: [...c.allergens].sort(),
    }))
    .sort((a, b) => a.id - b.id)
}

function changesSince(sent: SnapshotChild[], now: SnapshotChild[]) {
  const before = new Map(sent.map((c) => [c.id, c]))
  const after = new Map(now.map((c) => [c.id, c]))
  const added = now.filter((c) => !before.has(c.id)).map((c) => c.name)
  const removed = sent.filter((c) => !after.has(c.id)).map((c) => c.name)
  const changed = now
    .filter((c) => {
      const b = before.get(c.id)
      return b !== undefined && (b.diet !== c.diet || b.allergens.join() !== c.allergens.join())
    })
    .map((c) => c.name)
  return { added, removed, changed }
}

export function countDay(children: ChildDetails[], day: string, healthShown: boolean) {
  const byDiet: Record<string, number> = {}
  let packedMeals = 0
  const allergens = new Map<string, AllergenCount>(
    ALLERGENS.map((a) => [a.value, { allergen: a.value, label: a.label, count: 0, children: [] }]),
  )
  if (healthShown) {
    for (const d of KITCHEN_DIETS) byDiet[d] = 0
    for (const c of children) {
      const m = meal(c, day)
      if (m.packed) packedMeals++
      else byDiet[m.diet] = (byDiet[m.diet] ?? 0) + 1
      for (const a of c.allergens) {
        const entry = allergens.get(a)
        if (!entry) continue
        entry.count++
        entry.children.push({
          childId: c.childId,
          lastName: c.lastName,
          firstName: c.firstName,
          classLevel: c.classLevel,
        })
      }
    }
  }
  return {
    total: children.length,
    byDiet,
    packedMeals,
    byAllergen: healthShown ? [...allergens.values()] : [],
  }
}

async function mealServices(db: Kysely<DB>, structureId: number) {
  return db
    .selectFrom('services')
    .select(['id', 'code', 'name'])
    .where('structure_id', '=', structureId)
    .where('kind', '=', 'restauration')
    .where('active', '=', 1)
    .orderBy('name')
    .execute()
}

/** Expected children per meal service and day, from the agenda. */
async function expectedByDay(db: Kysely<DB>, structureId: number, from: string, to: string) {
  const agenda = await computeAgenda(db, { structureId }, from, to)
  const expected = new Map<string, number[]>()
  for (const row of agenda.rows)
    row.cells.forEach((cell, i) => {
      if (!cell.expected) return
      const key = `${row.serviceId}:${agenda.days[i]}`
      const list = expected.get(key)
      if (list) list.push(row.childId)
      else expected.set(key, [row.childId])
    })
  return { agenda, expected }
}

export async function kitchenCount(
  ctx: StaffContext,
  input: { structureId: number; from: string; to: string },
): Promise<KitchenCount> {
  const { db } = ctx
  const structure = await findStructure(db, input.structureId)
  const services = await mealServices(db, structure.id)
  const healthShown = await canSeeHealth(db, ctx.actor)
  const { agenda, expected } = await expectedByDay(db, structure.id, input.from, input.to)
  const details = await loadChildDetails(db, [...new Set([...expected.values()].flat())])
  const orders =
    services.length === 0
      ? []
      : await db
          .selectFrom('kitchen_orders')
          .select(['service_id', 'day', 'sent_at', 'children'])
          .where(
            'service_id',
            'in',
            services.map((s) => s.id),
          )
          .where('day', '>=', input.from)
          .where('day', '<=', input.to)
          .orderBy('sent_at', 'desc')
          .execute()
  const days: KitchenDay[] = []
  for (const day of agenda.days)
    for (const s of services) {
      const children = (expected.get(`${s.id}:${day}`) ?? []).map((id) => details.get(id) as ChildDetails)
      const order = orders.find((o) => o.service_id === s.id && o.day === day)
      days.push({
        date: day,
        serviceId: s.id,
        code: s.code,
        service: s.name,
        ...countDay(children, day, healthShown),
        lastSentAt: order?.sent_at ?? null,
        changesSinceSent:
          order && healthShown
            ? changesSince(JSON.parse(order.children) as SnapshotChild[], snapshot(children, day))
            : null,
      })
    }
  return {
    structureId: structure.id,
    structureName: structure.name,
    commune: await communeName(db),
    from: input.from,
    to: input.to,
    healthShown,
    days,
  }
}

/** Marks a day's order of a meal service as sent to the kitchen; what changes after shows on the count. */
export async function markKitchenSent(ctx: StaffContext, input: { serviceId: number; date: string }) {
  return inTransaction(ctx.db, async (trx) => {
    const service = await trx
      .selectFrom('services')
      .select(['id', 'name', 'kind', 'structure_id'])
      .where('id', '=', input.serviceId)
      .executeTakeFirst()
    if (!service) throw new AppError('NOT_FOUND', 'Service introuvable.')
    if (service.kind !== 'restauration')
      throw new AppError('VALIDATION', 'Seul un service de restauration a une commande pour la cuisine.')
    const { expected } = await expectedByDay(trx, service.structure_id, input.date, input.date)
    const ids = expected.get(`${service.id}:${input.date}`) ?? []
    const details = await loadChildDetails(trx, ids)
    const children = snapshot(
      ids.map((id) => details.get(id) as ChildDetails),
      input.date,
    )
    const sentAt = ctx.clock.now().toISOString()
    await trx
      .insertInto('kitchen_orders')
      .values({
        service_id: service.id,
        day: input.date,
        sent_at: sentAt,
        sent_by: ctx.actor.staffId,
        total: children.length,
        children: JSON.stringify(children),
      })
      .execute()
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'kitchen.sent',
      entityType: 'service',
      entityId: service.id,
      note: `Commande envoyée à la cuisine : ${service.name}, ${input.date}, ${children.length} repas`,
    })
    return { sentAt }
  })
}
