import type { BulkTable, BulkWriter } from '../db/storage/types'
import type { DemoFamily } from './rows'

// The storage layer's bulk writer (ctx.storage.bulkWriter): kysely would
// build and compile each of the millions of inserts of a city-sized demo.

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

  constructor(
    private readonly bulk: BulkWriter,
    private readonly name: string,
    private readonly parent: 'family_id' | 'child_id' | null,
    private readonly stamps: Record<string, string>,
  ) {}

  insert(parentId: number | null, row: object): number {
    const values = row as Record<string, unknown>
    if (!this.table) {
      this.columns = Object.keys(values)
      const all = [...(this.parent ? [this.parent] : []), ...this.columns, ...Object.keys(this.stamps)]
      this.table = this.bulk.table(this.name, all)
    }
    const bound: unknown[] = this.parent ? [parentId] : []
    for (const column of this.columns) bound.push(values[column])
    for (const stamp of Object.values(this.stamps)) bound.push(stamp)
    return this.table.insert(bound)
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

  /** `stamp` is written as created_at and updated_at of every row. */
  constructor(bulk: BulkWriter, stamp: string) {
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
  }

  /** Writes one pending request of a family with its lines (the TEST family's, from the seed). */
  writeRequest(familyId: number, request: object, items: object[]): number {
    const requestId = this.requests.insert(familyId, request)
    for (const item of items) this.requestItems.insert(null, { request_id: requestId, ...item })
    this.counts.requests++
    return requestId
  }

  /** Writes one family and all that hangs from it; returns its id and its children's ids. */
  write(demo: DemoFamily): { familyId: number; childIds: number[] } {
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
