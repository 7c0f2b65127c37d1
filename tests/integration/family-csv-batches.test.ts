import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openScratchDatabase, type ScratchDatabase } from '../../src-main/backend/db/scratch'
import { SpilledRecords } from '../../src-main/backend/db/storage/sqlite/csv-import/spill'
import { buildPlan, type Plan } from '../../src-main/backend/family-csv/import/plan/index'
import { ImportProblems } from '../../src-main/backend/family-csv/import/problems'
import { readFileSet } from '../../src-main/backend/family-csv/import/read-set'
import { openSources } from '../../src-main/backend/family-csv/import/sources'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { onPostgres } from '../helpers/pg-backend'
import { sqliteOf } from '../helpers/sqlite'
import { syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'

// A city's import in bounded memory (issue 9, point 17): the records read
// wait in a temporary table, not in memory, and the comparison hands its
// operations on a batch at a time, keeping none of them (bench csv-import
// prints the peak memory this gives). On a PostgreSQL server the records
// wait in a private SQLite file of this computer's (db/scratch.ts).

let backend: TestBackend
let dir: string
let scratch: ScratchDatabase | null
beforeAll(() => {
  backend = createTestBackend()
  scratch = onPostgres ? openScratchDatabase() : null
  dir = mkdtempSync(join(tmpdir(), 'marelle-batches-'))
})
afterAll(async () => {
  scratch?.dispose()
  await backend.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** The connection the records are spilled to. */
const spillTo = () => scratch?.sqlite ?? sqliteOf(backend.services)

const spilled = () =>
  spillTo()
    .prepare("SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'csv\\_import\\_records%' ESCAPE '\\'")
    .pluck()
    .get()

describe('an import of many families', () => {
  it('keeps the records read on disk and plans a batch at a time, holding no operation', async () => {
    const paths = writeSyntheticFiles(syntheticSet(6000), dir)
    const { sources } = await openSources(paths)
    const sqlite = spillTo()
    const read = await readFileSet(sources, {
      records: new SpilledRecords(sqlite),
      db: backend.services.db,
      healthAllowed: true,
      bytes() {},
      throwIfCancelled() {},
    })
    try {
      const kinds = ['families', 'guardians', 'children', 'persons', 'vaccinations', 'health']
      const onDisk = kinds
        .map((kind) => sqlite.prepare(`SELECT count(*) FROM temp.csv_import_records_${kind}`).pluck().get())
        .reduce((a, b) => Number(a) + Number(b), 0)
      expect(onDisk).toBe(read.set.size)
      const batches: number[] = []
      const plan: Plan = await buildPlan({
        set: read.set,
        db: backend.services.storage.csvImport.existing(backend.services.db),
        problems: new ImportProblems(),
        today: '2026-11-27',
        tick() {},
        flush: async (batch) => {
          batches.push(batch.pending)
        },
      })
      expect(batches.length).toBeGreaterThan(6)
      expect(Math.max(...batches)).toBeLessThanOrEqual(10_000)
      expect(batches.reduce((a, b) => a + b, 0)).toBe(plan.size)
      expect(plan.pending).toBe(0)
      expect(plan.counts.familles.added).toBe(6000)
    } finally {
      read.dispose()
    }
    expect(spilled()).toBe(0)
  }, 600_000)
})
