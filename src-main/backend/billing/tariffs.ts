import type { DB } from '@db/schema'
import type { BillingSettings, TariffView } from '@shared/contract/billing'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { AppError } from '../errors'
import { getSetting, setSetting } from '../settings/service'
import { loadTariffs } from './tariff-book'

// Paramètres → Tarifs (docs/facturation.md): one tariff per service and
// validity period, audited; two periods of a service never overlap.

export interface TariffInput {
  id?: number
  serviceId: number
  validFrom: string
  validTo: string | null
  unit: TariffView['unit']
  absentSharePct: number
  surchargePct: number
  thirdChildDiscountPct: number
  cesuAccepted: boolean
  deliberationRef: string
  deliberationDate: string
  brackets: { qfMin: number; priceCents: number }[]
}

export async function listTariffs(db: Kysely<DB>, serviceId?: number): Promise<TariffView[]> {
  const [tariffs, services] = await Promise.all([
    loadTariffs(db, null, serviceId),
    db.selectFrom('services').select(['id', 'code', 'name']).execute(),
  ])
  const byId = new Map(services.map((s) => [s.id, s]))
  return tariffs.map((t) => ({
    ...t,
    serviceCode: byId.get(t.serviceId)?.code ?? '',
    serviceName: byId.get(t.serviceId)?.name ?? '',
  }))
}

export async function saveTariff(
  trx: Kysely<DB>,
  ctx: StaffContext,
  input: TariffInput,
): Promise<TariffView> {
  const service = await trx
    .selectFrom('services')
    .select(['id', 'code'])
    .where('id', '=', input.serviceId)
    .executeTakeFirst()
  if (!service) throw new AppError('NOT_FOUND', 'Service introuvable.')
  const others = (await loadTariffs(trx, null, input.serviceId)).filter((t) => t.id !== input.id)
  const end = input.validTo ?? '9999-12-31'
  const clash = others.find((t) => t.validFrom <= end && (t.validTo ?? '9999-12-31') >= input.validFrom)
  if (clash)
    throw new AppError(
      'VALIDATION',
      `Valable du : la période chevauche le tarif du ${clash.validFrom} (délibération ${clash.deliberationRef}) ; terminez-le d’abord.`,
      [{ path: 'validFrom', label: 'Valable du', message: 'Valable du : période déjà couverte' }],
    )
  const now = ctx.clock.now().toISOString()
  const values = {
    service_id: input.serviceId,
    valid_from: input.validFrom,
    valid_to: input.validTo,
    unit: input.unit,
    absent_share_pct: input.absentSharePct,
    surcharge_pct: input.surchargePct,
    third_child_discount_pct: input.thirdChildDiscountPct,
    cesu_accepted: input.cesuAccepted ? 1 : 0,
    deliberation_ref: input.deliberationRef,
    deliberation_date: input.deliberationDate,
  }
  let id = input.id
  let before: TariffView | undefined
  if (id !== undefined) {
    before = (await listTariffs(trx, input.serviceId)).find((t) => t.id === id)
    if (!before) throw new AppError('NOT_FOUND', 'Tarif introuvable pour ce service.')
    await trx
      .updateTable('tariffs')
      .set({ ...values, updated_at: now })
      .where('id', '=', id)
      .execute()
    await trx.deleteFrom('tariff_brackets').where('tariff_id', '=', id).execute()
  } else {
    id = (
      await trx
        .insertInto('tariffs')
        .values({ ...values, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  }
  await trx
    .insertInto('tariff_brackets')
    .values(
      input.brackets.map((b) => ({ tariff_id: id as number, qf_min: b.qfMin, price_cents: b.priceCents })),
    )
    .execute()
  const after = (await listTariffs(trx, input.serviceId)).find((t) => t.id === id) as TariffView
  await writeAudit(trx, ctx.actor, ctx.clock, {
    action: before ? 'billing.tariff.update' : 'billing.tariff.create',
    entityType: 'tariff',
    entityId: id,
    changes: [{ field: 'tarif', label: `Tarif ${service.code}`, before: before ?? null, after }],
  })
  return after
}

export async function billingSettings(db: Kysely<DB>): Promise<BillingSettings> {
  const keys = [
    'commune.name',
    'commune.address',
    'regie.name',
    'regie.address',
    'billing.dueDays',
    'sepa.creditorName',
    'sepa.ics',
    'sepa.iban',
    'sepa.bic',
  ] as const
  const [communeName, communeAddress, regieName, regieAddress, dueDays, creditorName, ics, iban, bic] =
    await Promise.all(keys.map((k) => getSetting(db, k)))
  return {
    communeName: communeName as string,
    communeAddress: communeAddress as string,
    regieName: regieName as string,
    regieAddress: regieAddress as string,
    dueDays: dueDays as number,
    creditorName: creditorName as string,
    ics: ics as string,
    iban: iban as string,
    bic: bic as string,
  }
}

export async function saveBillingSettings(
  trx: Kysely<DB>,
  ctx: StaffContext,
  input: Omit<BillingSettings, 'communeName' | 'communeAddress' | 'iban' | 'bic'> & {
    iban: string | null
    bic: string | null
  },
): Promise<BillingSettings> {
  const set = <K extends Parameters<typeof setSetting>[3]>(
    key: K,
    value: Parameters<typeof setSetting<K>>[4],
  ) => setSetting(trx, ctx.actor, ctx.clock, key, value)
  await set('regie.name', input.regieName)
  await set('regie.address', input.regieAddress)
  await set('billing.dueDays', input.dueDays)
  await set('sepa.creditorName', input.creditorName)
  await set('sepa.ics', input.ics)
  await set('sepa.iban', input.iban ?? '')
  await set('sepa.bic', input.bic ?? '')
  return billingSettings(trx)
}
