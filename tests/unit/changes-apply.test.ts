import { QueryClient, type QueryKey, QueryObserver } from '@tanstack/react-query'
import { afterEach, describe, expect, it } from 'vitest'
import { applyChanges } from '../../src-renderer/changes/apply'
import { clearStale, fileMarkKey, staleKeys, staleMark } from '../../src-renderer/changes/stale-files'
import { holdUnsavedEdits } from '../../src-renderer/changes/unsaved-edits'
import type { ChangeEntry, ChangesSince } from '../../src-shared/contract/changes'

// What a window does with the changes another desktop made
// (src-renderer/changes/apply.ts, docs/architecture.md).

const FAMILY = ['family', 5]
const PAGE = ['requests', 'page', { state: 'pending' }]
const COUNTS = ['requests', 'counts']
const AT = '2026-12-02T13:32:00.000Z'

let client: QueryClient
let release: (() => void) | null = null
const unsubscribes: (() => void)[] = []
afterEach(() => {
  release?.()
  release = null
  for (const u of unsubscribes.splice(0)) u()
  for (const key of staleKeys()) clearStale(key)
  client.clear()
})

function windowWith(files: { key: QueryKey; data: unknown; open?: boolean }[]) {
  client = new QueryClient()
  for (const file of files) {
    client.setQueryData(file.key, file.data)
    // An open screen: an observer of the query (no fetch in these tests).
    if (file.open !== false) {
      const observer = new QueryObserver(client, {
        queryKey: file.key,
        queryFn: () => file.data,
        enabled: false,
      })
      unsubscribes.push(observer.subscribe(() => {}))
    }
  }
}

const stale = (key: QueryKey) => client.getQueryState(key)?.isInvalidated ?? false

const entry = (over: Partial<ChangeEntry>): ChangeEntry => ({
  id: 10,
  kind: 'family',
  familyId: 5,
  childId: null,
  requestId: null,
  record: null,
  by: 'Dominique Martin',
  at: AT,
  ...over,
})
const answer = (...changes: ChangeEntry[]): ChangesSince => ({ lastId: 99, changes, refreshAll: false })

const familyFile = { id: 5, version: 3, responsable: { id: 7, version: 4 }, conjoint: null }

describe('changes heard from another desktop', () => {
  it('leave alone what the window already shows (its own save), and reload the rest', () => {
    windowWith([{ key: FAMILY, data: familyFile }])
    applyChanges(client, answer(entry({ record: { type: 'guardian', id: 7, version: 4 } })))
    expect(stale(FAMILY)).toBe(false)
    applyChanges(client, answer(entry({ record: { type: 'family', id: 5, version: 3 } })))
    expect(stale(FAMILY)).toBe(false)
    applyChanges(client, answer(entry({ record: { type: 'guardian', id: 7, version: 5 } })))
    expect(stale(FAMILY)).toBe(true)
  })

  it('know the authorised persons of an open child file and the quotients of a family file', () => {
    const CHILD = ['child', 9]
    windowWith([
      { key: CHILD, data: { id: 9, version: 2, authorizedPersons: [{ id: 4, version: 1, values: {} }] } },
      { key: FAMILY, data: { ...familyFile, quotients: [{ id: 30, qf: 650 }] } },
    ])
    const person = {
      childId: 9,
      familyId: null,
      record: { type: 'authorized_person', id: 4, version: 1 },
    } as const
    applyChanges(client, answer(entry(person)))
    expect(stale(CHILD)).toBe(false)
    applyChanges(client, answer(entry({ record: { type: 'family_quotient', id: 30, version: null } })))
    expect(stale(FAMILY)).toBe(false)
    applyChanges(client, answer(entry({ record: { type: 'family_quotient', id: 31, version: null } })))
    expect(stale(FAMILY)).toBe(true)
    applyChanges(client, answer(entry({ ...person, record: { ...person.record, version: 2 } })))
    expect(stale(CHILD)).toBe(true)
  })

  it('reload a file after a deletion, although the version is the one shown', () => {
    windowWith([{ key: FAMILY, data: familyFile }])
    applyChanges(client, answer(entry({ record: null })))
    expect(stale(FAMILY)).toBe(true)
  })

  it('do not reload an open file under unsaved edits: they mark it, then reload it once the edits are gone', () => {
    windowWith([{ key: FAMILY, data: familyFile }])
    release = holdUnsavedEdits()
    applyChanges(client, answer(entry({ record: { type: 'guardian', id: 7, version: 5 } })))
    expect(stale(FAMILY)).toBe(false)
    expect(staleMark(fileMarkKey(FAMILY))).toMatchObject({ by: 'Dominique Martin', at: AT })
    // The first change is the one named.
    applyChanges(
      client,
      answer(entry({ by: 'Camille Admin', record: { type: 'family', id: 5, version: 4 } })),
    )
    expect(staleMark(fileMarkKey(FAMILY))?.by).toBe('Dominique Martin')
    release()
    release = null
    applyChanges(client, answer())
    expect(stale(FAMILY)).toBe(true)
    expect(staleMark(fileMarkKey(FAMILY))).toBeUndefined()
  })

  it('reload a file not on screen even with edits elsewhere', () => {
    windowWith([{ key: FAMILY, data: familyFile, open: false }])
    release = holdUnsavedEdits()
    applyChanges(client, answer(entry({})))
    expect(stale(FAMILY)).toBe(true)
    expect(staleKeys()).toEqual([])
  })

  it('refresh the queue and its counts for a decision or an import, not for a family change', () => {
    windowWith([
      { key: PAGE, data: { rows: [] } },
      { key: COUNTS, data: { pending: 2 } },
    ])
    applyChanges(client, answer(entry({})))
    expect([stale(PAGE), stale(COUNTS)]).toEqual([false, false])
    applyChanges(client, answer(entry({ kind: 'request', familyId: null, requestId: null })))
    expect([stale(PAGE), stale(COUNTS)]).toEqual([true, true])
  })

  it('past the cap, reload everything but the poll and the sign-in, and mark the file under edits', () => {
    windowWith([
      { key: FAMILY, data: familyFile },
      { key: PAGE, data: { rows: [] } },
      { key: ['auth', 'status'], data: {} },
      { key: ['changes'], data: 1 },
    ])
    release = holdUnsavedEdits()
    applyChanges(client, { lastId: 500, changes: [], refreshAll: true })
    expect([stale(PAGE), stale(['auth', 'status']), stale(['changes']), stale(FAMILY)]).toEqual([
      true,
      false,
      false,
      false,
    ])
    expect(staleMark(fileMarkKey(FAMILY))).toMatchObject({ by: null, at: null })
  })
})
