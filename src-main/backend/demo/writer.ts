import type { BulkTable, BulkWriter } from '../db/storage/types'
import type { DemoFamily } from './rows'

// The storage layer's bulk writer (ctx.storage.bulkWriter): kysely would
// build and compile each of the millions of inserts of a city-sized demo.
// Families are written by batches: the rows of a batch are counted, their
// ids reserved table by table (one round trip each on a server, nothing on
// SQLite), then written without waiting, then flushed.

export interface DemoCounts {
  families: number
  guardians: number
  children: number
  authorizedPersons: number
  vaccinations: number
  healthConditions: number
  quotients: number
  enrolments: number
  requests: number
}

/** Inserts rows of one table; its columns are the keys of the first row (the row types list them all). */
class TableWriter {
  private table: BulkTable | null = null
  private columns: string[] = []
  /** Rows of the batch being counted. */
  private wanted = 0
  private sample: object | null = null

  constructor(
    private readonly bulk: BulkWriter,
    private readonly name: string,
    private readonly parent: 'family_id' | 'child_id' | null,
    private readonly stamps: Record<string, string>,
  ) {}

  /** Counts `rows` more rows of the coming batch. */
  want(rows: readonly object[]): void {
    if (rows.length === 0) return
    this.wanted += rows.length
    this.sample ??= rows[0]
  }

  /** Reserves the ids of the rows counted by want(), opening the table at its first rows. */
  async reserve(): Promise<void> {
    if (this.wanted === 0) return
    const table = this.open(this.sample as object)
    await table.reserve(this.wanted)
    this.wanted = 0
  }

  private open(row: object): BulkTable {
    if (this.table) return this.table
    this.columns = Object.keys(row)
    const all = [...(this.parent ? [this.parent] : []), ...this.columns, ...Object.keys(this.stamps)]
    this.table = this.bulk.table(this.name, all)
    return this.table
  }

  insert(parentId: number | null, row: object): number {
    const values = row as Record<string, unknown>
    const table = this.table ?? this.open(row)
    const bound: unknown[] = this.parent ? [parentId] : []
    for (const column of this.columns) bound.push(values[column])
    for (const stamp of Object.values(this.stamps)) bound.push(stamp)
    return table.insert(bound)
  }
}

export class DemoWriter {
  readonly counts: DemoCounts = {
    families: 0,
    guardians: 0,
    children: 0,
    authorizedPersons: 0,
    vaccinations: 0,
    healthConditions: 0,
    quotients: 0,
    enrolments: 0,
    requests: 0,
  }
  private readonly families: TableWriter
  private readonly quotients: TableWriter
  private readonly guardians: TableWriter
  private readonly children: TableWriter
  private readonly persons: TableWriter
  private readonly vaccinations: TableWriter
  private readonly health: TableWriter
  private readonly enrolments: TableWriter
  private readonly requests: TableWriter
  private readonly requestItems: TableWriter
  /** In the order a family's rows are written: a table opens before the tables that refer to it. */
  private readonly familyTables: TableWriter[]

  /** `stamp` is written as created_at and updated_at of every row. */
  constructor(
    private readonly bulk: BulkWriter,
    stamp: string,
  ) {
    const stamps = { created_at: stamp, updated_at: stamp }
    this.families = new TableWriter(bulk, 'families', null, stamps)
    this.quotients = new TableWriter(bulk, 'family_quotients', 'family_id', { created_at: stamp })
    this.guardians = new TableWriter(bulk, 'guardians', 'family_id', stamps)
    this.children = new TableWriter(bulk, 'children', 'family_id', stamps)
    this.persons = new TableWriter(bulk, 'authorized_persons', 'child_id', stamps)
    this.vaccinations = new TableWriter(bulk, 'vaccinations', 'child_id', stamps)
    this.health = new TableWriter(bulk, 'health_conditions', 'child_id', stamps)
    this.enrolments = new TableWriter(bulk, 'enrolments', 'child_id', stamps)
    this.requests = new TableWriter(bulk, 'requests', 'family_id', stamps)
    this.requestItems = new TableWriter(bulk, 'request_items', null, {})
    this.familyTables = [
      this.families,
      this.quotients,
      this.guardians,
      this.children,
      this.persons,
      this.vaccinations,
      this.health,
      this.enrolments,
    ]
  }

  /** Writes pending requests of a family with their lines (the TEST family's, from the seed), and sends them. */
  async writeRequests(
    familyId: number,
    requests: readonly { request: object; items: object[] }[],
  ): Promise<number[]> {
    this.requests.want(requests.map((r) => r.request))
    await this.requests.reserve()
    // Counted as written, the request's id first (the sample gives the columns).
    this.requestItems.want(requests.flatMap((r) => r.items.map((item) => ({ request_id: 0, ...item }))))
    await this.requestItems.reserve()
    const ids = requests.map(({ request, items }) => {
      const requestId = this.requests.insert(familyId, request)
      for (const item of items) this.requestItems.insert(null, { request_id: requestId, ...item })
      this.counts.requests++
      return requestId
    })
    await this.bulk.flush()
    return ids
  }

  /** Writes a batch of families and all that hangs from them, and sends it; returns their ids and their children's. */
  async writeBatch(batch: readonly DemoFamily[]): Promise<{ familyId: number; childIds: number[] }[]> {
    const [families, quotients, guardians, children, persons, vaccinations, health, enrolments] =
      this.familyTables
    for (const demo of batch) {
      families.want([demo.family])
      quotients.want(demo.quotients)
      guardians.want(demo.guardians)
      children.want(demo.children.map((child) => child.row))
      for (const child of demo.children) {
        persons.want(demo.persons)
        vaccinations.want(child.vaccinations)
        health.want(child.health)
        enrolments.want(child.enrolments)
      }
    }
    for (const table of this.familyTables) await table.reserve()
    const written = batch.map((demo) => this.write(demo))
    await this.bulk.flush()
    return written
  }

  /** Writes one family and all that hangs from it (ids reserved by writeBatch); returns its id and its children's ids. */
  private write(demo: DemoFamily): { familyId: number; childIds: number[] } {
    const familyId = this.families.insert(null, demo.family)
    for (const quotient of demo.quotients) this.quotients.insert(familyId, quotient)
    for (const guardian of demo.guardians) this.guardians.insert(familyId, guardian)
    const childIds = demo.children.map((child) => {
      const childId = this.children.insert(familyId, child.row)
      for (const person of demo.persons) this.persons.insert(childId, person)
      for (const line of child.vaccinations) this.vaccinations.insert(childId, line)
      for (const line of child.health) this.health.insert(childId, line)
      for (const line of child.enrolments) this.enrolments.insert(childId, line)
      this.counts.authorizedPersons += demo.persons.length
      this.counts.vaccinations += child.vaccinations.length
      this.counts.healthConditions += child.health.length
      this.counts.enrolments += child.enrolments.length
      return childId
    })
    this.counts.families++
    this.counts.quotients += demo.quotients.length
    this.counts.guardians += demo.guardians.length
    this.counts.children += demo.children.length
    return { familyId, childIds }
  }
}
