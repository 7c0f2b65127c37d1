import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import { refreshUnknownCoverage } from '../completeness/coverage'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { writeDemoAgenda } from './agenda'
import { writeDemoBilling } from './billing'
import { addTestFamilyRequests, biviersStructure, testFamily } from './biviers'
import { CommunePicker } from './communes'
import { ContactBook } from './contact'
import { dayInFrance, schoolYearStart } from './days'
import { demoFamily } from './family'
import { NumberSequence } from './identifiers'
import { Rng } from './rng'
import type { DemoFamily } from './rows'
import { SCHEDULE_PRODUCTS } from './vaccines'
import type { DemoWorld } from './world'
import { type DemoCounts, DemoWriter } from './writer'

export const MAX_DEMO_FAMILIES = 1_000_000

export interface DemoOptions {
  families: number
  seed: string
  /** Called every `progressEvery` families. */
  onProgress?: (done: number, total: number) => void
  progressEvery?: number
}

export interface DemoResult {
  seed: string
  today: string
  counts: DemoCounts
}

async function vaccineIds(trx: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await trx.selectFrom('vaccine_products').select(['id', 'name']).execute()
  const ids = new Map(rows.map((r) => [r.name, r.id]))
  const absent = SCHEDULE_PRODUCTS.filter((name) => !ids.has(name))
  if (absent.length > 0) throw new Error(`Vaccine catalogue lacks ${absent.join(', ')}`)
  return ids
}

/**
 * A bulk insert touches more index pages than SQLite's default 2 MB cache
 * holds: each eviction writes the page to the WAL again. 512 MB for the run
 * keeps them in memory (measured: 100,000 families 1.5 times faster).
 */
const WRITE_CACHE_KIB = 512 * 1024

async function refuseIfFamilies(trx: Kysely<DB>): Promise<void> {
  const { existing } = await trx
    .selectFrom('families')
    .select((eb) => eb.fn.countAll<number>().as('existing'))
    .executeTakeFirstOrThrow()
  if (existing > 0)
    throw new AppError(
      'CONFLICT',
      `La base contient déjà ${existing.toLocaleString('fr-FR')} famille(s) : les données de démonstration ne se mêlent jamais à de vraies données. Créez une base neuve (marelle --db demo.db migrate) pour les y mettre.`,
    )
}

/**
 * Families drawn, then written, together: their ids are reserved in one
 * round trip per table on a server, and sent in a few multi-row INSERTs.
 * A hundred: on SQLite, a longer batch keeps more rows alive between
 * drawing and writing (1,000 looked some 3 % dearer in CPU on 20,000
 * families, close to the noise); on a server, 100 or 1,000 take the same
 * time, the rows' triggers dominate.
 */
const BATCH_FAMILIES = 100

/** The TEST family, then the synthetic ones, numbered in the order they are drawn. */
async function writeFamilies(world: DemoWorld, writer: DemoWriter, options: DemoOptions): Promise<void> {
  const [test] = await writer.writeBatch([testFamily(world)])
  await addTestFamilyRequests(writer, test, `${world.today}T00:00:00.000Z`)
  const familyNumbers = new NumberSequence(world.rng, 'families')
  const childIdentifiers = new NumberSequence(world.rng, 'children')
  const every = options.progressEvery ?? 10_000
  const batch: DemoFamily[] = []
  for (let done = 1; done <= options.families; done++) {
    batch.push(demoFamily(world, familyNumbers.next(), () => childIdentifiers.next()))
    if (batch.length === BATCH_FAMILIES || done === options.families) {
      await writer.writeBatch(batch)
      batch.length = 0
    }
    if (done % every === 0) options.onProgress?.(done, options.families)
  }
}

/**
 * Fills an empty database with the commune of Biviers, the seed's TEST
 * family and `families` synthetic ones, in one transaction with one audit
 * entry. Deterministic: the same seed on the same day writes the same bytes
 * (rows are stamped with that day, not the instant).
 */
export async function generateDemo(ctx: StaffContext, options: DemoOptions): Promise<DemoResult> {
  if (!Number.isInteger(options.families) || options.families < 0 || options.families > MAX_DEMO_FAMILIES)
    throw new AppError('VALIDATION', `Nombre de familles : entier de 0 à ${MAX_DEMO_FAMILIES} attendu.`)
  const communes = new CommunePicker()
  const today = dayInFrance(ctx.clock.now())
  const stamp = `${today}T00:00:00.000Z`
  const { storage } = ctx
  // Two runs at once (two command lines, a window): the second is refused at once, in French.
  return storage.withJobLock('demo', () => writeDemo(ctx, options, { communes, today, stamp }))
}

async function writeDemo(
  ctx: StaffContext,
  options: DemoOptions,
  { communes, today, stamp }: { communes: CommunePicker; today: string; stamp: string },
): Promise<DemoResult> {
  const { storage } = ctx
  return storage.withWriteCache(WRITE_CACHE_KIB, () =>
    inTransaction(ctx.db, async (trx) => {
      await refuseIfFamilies(trx)
      const world: DemoWorld = {
        rng: new Rng(options.seed),
        communes,
        today,
        schoolYear: schoolYearStart(today),
        vaccines: await vaccineIds(trx),
        services: await biviersStructure(trx, stamp),
        contacts: new ContactBook(),
      }
      const bulk = storage.bulkWriter(trx)
      const writer = new DemoWriter(bulk, stamp)
      await storage.search.rebuiltAfter(trx, () => writeFamilies(world, writer, options))
      await writeDemoAgenda(trx, { seed: options.seed, today, schoolYear: world.schoolYear, stamp })
      await writeDemoBilling(trx, ctx, { seed: options.seed, today, schoolYear: world.schoolYear })
      // Each child's completeness, computed once here rather than at the first look at the dashboard.
      await refreshUnknownCoverage(trx)
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'demo.generate',
        entityType: 'demo',
        note: `Données de démonstration, graine « ${options.seed} » : ${JSON.stringify(writer.counts)}`,
      })
      return { seed: options.seed, today, counts: writer.counts }
    }),
  )
}
