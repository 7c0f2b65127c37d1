import type { DB, TariffUnit } from '@db/schema'
import type { Bracket } from '@shared/domain/billing'
import type { Kysely } from 'kysely'

// The tariffs in force over a range, by service, with their brackets sorted
// (docs/facturation.md, « Tarifs »).

export interface LoadedTariff {
  id: number
  serviceId: number
  validFrom: string
  validTo: string | null
  unit: TariffUnit
  absentSharePct: number
  surchargePct: number
  thirdChildDiscountPct: number
  cesuAccepted: boolean
  deliberationRef: string
  deliberationDate: string
  brackets: Bracket[]
}

export class TariffBook {
  private readonly byService = new Map<number, LoadedTariff[]>()

  constructor(tariffs: LoadedTariff[]) {
    for (const t of tariffs) {
      const list = this.byService.get(t.serviceId) ?? []
      list.push(t)
      this.byService.set(t.serviceId, list)
    }
    for (const list of this.byService.values()) list.sort((a, b) => a.validFrom.localeCompare(b.validFrom))
  }

  /** The tariff of a service on a day (the latest start wins), null when none. */
  on(serviceId: number, day: string): LoadedTariff | null {
    let found: LoadedTariff | null = null
    for (const t of this.byService.get(serviceId) ?? []) {
      if (t.validFrom > day) break
      if (t.validTo === null || t.validTo >= day) found = t
    }
    return found
  }
}

export async function loadTariffs(
  db: Kysely<DB>,
  range: { from: string; to: string } | null,
  serviceId?: number,
): Promise<LoadedTariff[]> {
  let q = db.selectFrom('tariffs').selectAll()
  if (range)
    q = q
      .where('valid_from', '<=', range.to)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', range.from)]))
  if (serviceId !== undefined) q = q.where('service_id', '=', serviceId)
  const rows = await q.orderBy('service_id').orderBy('valid_from').execute()
  if (rows.length === 0) return []
  const brackets = await db
    .selectFrom('tariff_brackets')
    .select(['tariff_id', 'qf_min', 'price_cents'])
    .where(
      'tariff_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('tariff_id')
    .orderBy('qf_min')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    unit: r.unit,
    absentSharePct: r.absent_share_pct,
    surchargePct: r.surcharge_pct,
    thirdChildDiscountPct: r.third_child_discount_pct,
    cesuAccepted: r.cesu_accepted === 1,
    deliberationRef: r.deliberation_ref,
    deliberationDate: r.deliberation_date,
    brackets: brackets
      .filter((b) => b.tariff_id === r.id)
      .map((b) => ({ qfMin: b.qf_min, priceCents: b.price_cents })),
  }))
}
