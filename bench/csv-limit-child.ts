import { basename, dirname } from 'node:path'
import { syntheticSet } from '../tests/helpers/synthetic-family-files'
import { bareInsert, freshDatabase, type LimitRun } from './csv-limit'
import { cpuMs } from './harness'

// One limit of the CSV import (csv-limit.ts) alone in its own process:
// `csv-limit-child.ts DATABASE FAMILIES [audit]`, one JSON line on stdout.
// The synthetic set is the one csv-import.ts writes as files (the same
// generator, deterministic); building it is not measured.

const [path, families, audit] = process.argv.slice(2)
const set = syntheticSet(Number(families))
const opened = freshDatabase(dirname(path), basename(path))
const started = performance.now()
const cpuStart = cpuMs()
const rows = bareInsert(opened.sqlite, set, audit === 'audit')
const run: LimitRun = { ms: performance.now() - started, cpuMs: cpuMs() - cpuStart, rows }
const copied = performance.now()
opened.sqlite.pragma('wal_checkpoint(PASSIVE)')
run.checkpointMs = performance.now() - copied
await opened.close()
process.stdout.write(`${JSON.stringify(run)}\n`)
