import type { DB } from '@db/schema'
import type {
  CapacityRange,
  ServiceRow,
  StructureRow,
  serviceInput,
  structureInput,
} from '@shared/contract/calendar'
import type { z } from '@shared/zod'
import type { Kysely, Selectable } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { invalidField, notFound } from '../errors'
import { changesBetween } from './audit-changes'
import { staleVersion } from './conflict'
import { deadlineFromStore, deadlineToStore } from './deadline-field'

// Structures and their services (docs/calendrier.md, « Structures et
// services »): every creation, change and archiving in one transaction with
// its audit entry (entity types 'structure' and 'service').

type StructureInput = z.output<typeof structureInput>
type ServiceInput = z.output<typeof serviceInput>
type ServiceDbRow = Selectable<DB['services']>

const STRUCTURE_LABELS = {
  name: 'Nom de la structure',
  zone: 'Zone',
  alsaceMoselle: 'Alsace-Moselle',
  active: 'Active',
} as const

const SERVICE_LABELS = {
  name: 'Nom du service',
  code: 'Code',
  kind: 'Type de service',
  termWeekdays: 'Jours d’ouverture en période scolaire',
  holidayWeekdays: 'Jours d’ouverture pendant les vacances',
  capacity: 'Capacité par jour',
  capacities: 'Capacités sur une période',
  attendance: 'Fréquentation',
  bookingDeadline: 'Délai de réservation',
  cancelDeadline: 'Délai d’annulation',
  latePolicy: 'Demande hors délai',
  billsLateAbsence: 'Absence hors délai facturée',
  justificationDays: 'Délai de justification (jours)',
  unplannedState: 'Présence sans réservation',
  active: 'Actif',
} as const

function serviceRow(s: ServiceDbRow, capacities: CapacityRange[]): ServiceRow {
  return {
    id: s.id,
    structureId: s.structure_id,
    name: s.name,
    code: s.code,
    kind: s.kind,
    termWeekdays: s.term_weekdays,
    holidayWeekdays: s.holiday_weekdays,
    capacity: s.capacity,
    capacities,
    attendance: s.attendance,
    bookingDeadline: deadlineFromStore(s.booking_deadline),
    cancelDeadline: deadlineFromStore(s.cancel_deadline),
    latePolicy: s.late_policy,
    billsLateAbsence: s.bills_late_absence === 1,
    justificationDays: s.justification_days,
    unplannedState: s.unplanned_state,
    active: s.active === 1,
    version: s.version,
  }
}

async function capacitiesOf(db: Kysely<DB>, serviceIds: number[]): Promise<Map<number, CapacityRange[]>> {
  const map = new Map<number, CapacityRange[]>()
  if (serviceIds.length === 0) return map
  const rows = await db
    .selectFrom('service_capacities')
    .select(['service_id', 'starts_on', 'ends_on', 'capacity'])
    .where('service_id', 'in', serviceIds)
    .orderBy('starts_on')
    .execute()
  for (const r of rows) {
    const list = map.get(r.service_id) ?? []
    list.push({ startsOn: r.starts_on, endsOn: r.ends_on, capacity: r.capacity })
    map.set(r.service_id, list)
  }
  return map
}

/** Structures with their services, by name; archived ones only when asked. */
export async function listStructures(db: Kysely<DB>, includeArchived = false): Promise<StructureRow[]> {
  let q = db.selectFrom('structures').selectAll().orderBy('name')
  if (!includeArchived) q = q.where('active', '=', 1)
  const structures = await q.execute()
  if (structures.length === 0) return []
  let sq = db
    .selectFrom('services')
    .selectAll()
    .where(
      'structure_id',
      'in',
      structures.map((s) => s.id),
    )
    .orderBy('name')
  if (!includeArchived) sq = sq.where('active', '=', 1)
  const services = await sq.execute()
  const capacities = await capacitiesOf(
    db,
    services.map((s) => s.id),
  )
  return structures.map((s) => ({
    id: s.id,
    name: s.name,
    zone: s.zone,
    alsaceMoselle: s.alsace_moselle === 1,
    active: s.active === 1,
    version: s.version,
    services: services
      .filter((v) => v.structure_id === s.id)
      .map((v) => serviceRow(v, capacities.get(v.id) ?? [])),
  }))
}

async function structureById(db: Kysely<DB>, id: number): Promise<StructureRow> {
  const all = await listStructures(db, true)
  const found = all.find((s) => s.id === id)
  if (!found) throw notFound('Structure')
  return found
}

async function serviceById(db: Kysely<DB>, id: number): Promise<ServiceRow> {
  const row = await db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('Service')
  return serviceRow(row, (await capacitiesOf(db, [id])).get(id) ?? [])
}

function structureValues(s: Pick<StructureRow, 'name' | 'zone' | 'alsaceMoselle' | 'active'>) {
  return { name: s.name, zone: s.zone, alsaceMoselle: s.alsaceMoselle, active: s.active }
}

export async function saveStructure(ctx: StaffContext, input: StructureInput): Promise<StructureRow> {
  const id = await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString()
    const sameName = await trx
      .selectFrom('structures')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst()
    if (sameName && sameName.id !== input.id)
      throw invalidField('name', 'Nom de la structure', 'une autre structure porte déjà ce nom')
    if (input.id === undefined) {
      const row = await trx
        .insertInto('structures')
        .values({
          name: input.name,
          zone: input.zone,
          alsace_moselle: input.alsaceMoselle ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'structure.create',
        entityType: 'structure',
        entityId: row.id,
        entityVersion: 1,
        changes: changesBetween(STRUCTURE_LABELS, null, { ...input, active: true }),
      })
      return row.id
    }
    const before = await structureById(trx, input.id)
    const updated = await trx
      .updateTable('structures')
      .set({
        name: input.name,
        zone: input.zone,
        alsace_moselle: input.alsaceMoselle ? 1 : 0,
        updated_at: now,
        version: before.version + 1,
      })
      .where('id', '=', input.id)
      .where('version', '=', input.version ?? -1)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) throw staleVersion('La structure')
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'structure.update',
      entityType: 'structure',
      entityId: input.id,
      entityVersion: before.version + 1,
      changes: changesBetween(
        STRUCTURE_LABELS,
        structureValues(before),
        structureValues({ ...input, active: before.active }),
      ),
    })
    return input.id
  })
  return structureById(ctx.db, id)
}

/** Archives (active false) or restores a structure or a service: one versioned UPDATE, audited. */
async function setActive(
  ctx: StaffContext,
  table: 'structures' | 'services',
  input: { id: number; version: number; active: boolean },
  entity: {
    type: 'structure' | 'service'
    label: string
    current(trx: Kysely<DB>): Promise<{ version: number; active: boolean }>
  },
): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const before = await entity.current(trx)
    const updated = await trx
      .updateTable(table)
      .set({
        active: input.active ? 1 : 0,
        updated_at: ctx.clock.now().toISOString(),
        version: before.version + 1,
      })
      .where('id', '=', input.id)
      .where('version', '=', input.version)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) throw staleVersion(entity.label)
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: `${entity.type}.${input.active ? 'restore' : 'archive'}`,
      entityType: entity.type,
      entityId: input.id,
      entityVersion: before.version + 1,
      changes: [
        {
          field: 'active',
          label: (entity.type === 'structure' ? STRUCTURE_LABELS : SERVICE_LABELS).active,
          before: before.active,
          after: input.active,
        },
      ],
    })
  })
}

export async function archiveStructure(
  ctx: StaffContext,
  input: { id: number; version: number; active: boolean },
): Promise<StructureRow> {
  await setActive(ctx, 'structures', input, {
    type: 'structure',
    label: 'La structure',
    current: (trx) => structureById(trx, input.id),
  })
  return structureById(ctx.db, input.id)
}

/** Ranges ordered, each ending after it starts, none overlapping another. */
function checkCapacities(ranges: CapacityRange[]): CapacityRange[] {
  const sorted = [...ranges].sort((a, b) => a.startsOn.localeCompare(b.startsOn))
  sorted.forEach((r, i) => {
    if (r.endsOn < r.startsOn)
      throw invalidField(`capacities.${i}.endsOn`, 'Capacités sur une période', 'la fin est avant le début')
    if (i > 0 && r.startsOn <= sorted[i - 1].endsOn)
      throw invalidField(
        `capacities.${i}.startsOn`,
        'Capacités sur une période',
        'deux périodes se chevauchent',
      )
  })
  return sorted
}

function serviceValues(s: Omit<ServiceRow, 'id' | 'structureId' | 'version'>) {
  const { capacities, ...rest } = s
  return { ...rest, capacities }
}

export async function saveService(ctx: StaffContext, input: ServiceInput): Promise<ServiceRow> {
  const capacities = checkCapacities(input.capacities)
  const booking = deadlineToStore(input.bookingDeadline, 'bookingDeadline', 'Délai de réservation')
  const cancel = deadlineToStore(input.cancelDeadline, 'cancelDeadline', 'Délai d’annulation')
  const id = await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString()
    const structure = await trx
      .selectFrom('structures')
      .select('id')
      .where('id', '=', input.structureId)
      .executeTakeFirst()
    if (!structure) throw notFound('Structure')
    const sameCode = await trx
      .selectFrom('services')
      .select('id')
      .where('code', '=', input.code)
      .executeTakeFirst()
    if (sameCode && sameCode.id !== input.id)
      throw invalidField('code', 'Code', 'un autre service a déjà ce code')
    const sameName = await trx
      .selectFrom('services')
      .select('id')
      .where('structure_id', '=', input.structureId)
      .where('name', '=', input.name)
      .executeTakeFirst()
    if (sameName && sameName.id !== input.id)
      throw invalidField('name', 'Nom du service', 'un autre service de cette structure porte déjà ce nom')
    const values = {
      structure_id: input.structureId,
      name: input.name,
      code: input.code,
      kind: input.kind,
      term_weekdays: input.termWeekdays,
      holiday_weekdays: input.holidayWeekdays,
      capacity: input.capacity,
      attendance: input.attendance,
      booking_deadline: booking,
      cancel_deadline: cancel,
      late_policy: input.latePolicy,
      bills_late_absence: input.billsLateAbsence ? 1 : 0,
      justification_days: input.justificationDays,
      unplanned_state: input.unplannedState,
      updated_at: now,
    } as const
    const after = {
      ...input,
      capacities,
      bookingDeadline: deadlineFromStore(booking),
      cancelDeadline: deadlineFromStore(cancel),
    }
    let serviceId: number
    let version: number
    let before: ServiceRow | null = null
    if (input.id === undefined) {
      const row = await trx
        .insertInto('services')
        .values({ ...values, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
      serviceId = row.id
      version = 1
    } else {
      before = await serviceById(trx, input.id)
      if (before.structureId !== input.structureId)
        throw invalidField('structureId', 'Structure', 'un service ne change pas de structure')
      version = before.version + 1
      const updated = await trx
        .updateTable('services')
        .set({ ...values, version })
        .where('id', '=', input.id)
        .where('version', '=', input.version ?? -1)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) === 0) throw staleVersion('Le service')
      serviceId = input.id
    }
    if (JSON.stringify(before?.capacities ?? []) !== JSON.stringify(capacities)) {
      await trx.deleteFrom('service_capacities').where('service_id', '=', serviceId).execute()
      if (capacities.length > 0)
        await trx
          .insertInto('service_capacities')
          .values(
            capacities.map((c) => ({
              service_id: serviceId,
              starts_on: c.startsOn,
              ends_on: c.endsOn,
              capacity: c.capacity,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute()
    }
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: before ? 'service.update' : 'service.create',
      entityType: 'service',
      entityId: serviceId,
      entityVersion: version,
      changes: changesBetween(
        SERVICE_LABELS,
        before ? serviceValues(before) : null,
        serviceValues({ ...after, active: before?.active ?? true }),
      ),
    })
    return serviceId
  })
  return serviceById(ctx.db, id)
}

export async function archiveService(
  ctx: StaffContext,
  input: { id: number; version: number; active: boolean },
): Promise<ServiceRow> {
  await setActive(ctx, 'services', input, {
    type: 'service',
    label: 'Le service',
    current: (trx) => serviceById(trx, input.id),
  })
  return serviceById(ctx.db, input.id)
}
