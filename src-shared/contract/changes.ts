import { z } from '../zod'
import { channel } from './define'

/**
 * What another desktop changed, read from the audit log after the last id
 * seen (docs/architecture.md, « Les autres postes voient les changements »).
 * Never a value, never a note, never a kind of health record: only which
 * family, child or request changed, who did it and when.
 */
export type ChangeKind = 'family' | 'child' | 'request' | 'other'

/** A record whose version the entry wrote: lets a screen tell its own saves from others'. */
export interface ChangedRecord {
  type: 'family' | 'guardian' | 'family_quotient' | 'child' | 'authorized_person' | 'request'
  id: number
  /** The version the change gave the record; null for a quotient (never changed once added). */
  version: number | null
}

export interface ChangeEntry {
  /** The audit entry's id. */
  id: number
  kind: ChangeKind
  familyId: number | null
  childId: number | null
  requestId: number | null
  record: ChangedRecord | null
  /** The staff member's display name (« Prénom Nom »), as the audit log records it. */
  by: string
  /** ISO instant of the change. */
  at: string
}

export interface ChangesSince {
  /** The last audit id now known: the next call's `afterId`. */
  lastId: number
  changes: ChangeEntry[]
  /** Too many changes to list, or a change of the whole database (restore, retention): reload everything. */
  refreshAll: boolean
}

/** At most this many entries in one answer; more and the answer says `refreshAll`. */
export const CHANGES_CAP = 200

export const changesChannels = {
  'changes/since': channel(
    z
      .object({
        /** The `lastId` of the previous answer; null the first time (the answer then only gives the last id). */
        afterId: z.number().int().min(0).nullable().describe('Dernier changement vu'),
      })
      .strict(),
    { maxBytes: 1024 },
  ).returns<ChangesSince>(),
}
