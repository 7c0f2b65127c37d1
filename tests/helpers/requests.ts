import { afterEach, beforeEach } from 'vitest'
import { loadActor } from '../../src-main/backend/auth/actor'
import type { Session } from '../../src-main/backend/context'
import { importRequests } from '../../src-main/backend/requests/intake'
import { SEED_PENDING_REQUESTS } from '../../src-main/backend/requests/seed-requests'
import type { ChildFile } from '../../src-shared/contract/children'
import type { FamilyFile } from '../../src-shared/contract/families'
import type { ImportSummary, QueuePage, RequestReview } from '../../src-shared/contract/requests'
import { createTestBackend, signedInAdmin, type TestBackend } from './backend'
import { createFamilyWithChild } from './families'

export const FAMILY = '383304832264'
export const CHILD = '383306398666'

/** The seed's requests of 03/07/2017: the e-mail (the example of docs/demandes-portail.md), the Pentacoq, deleting VOISNE TEST. */
export const [SEED_EMAIL, SEED_VACCINATION] = SEED_PENDING_REQUESTS
export const SEED_PERSON_DELETE = {
  ref: 'P-20170703-000019',
  submitted_at: '2017-07-03T10:25:00+02:00',
  family: FAMILY,
  child: CHILD,
  kind: 'authorized_person.delete',
  payload: { nom: 'VOISNE', prenom: 'TEST' },
}

export const jsonl = (...lines: unknown[]) =>
  `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`

/** The seed's TEST family, its child and the child's two authorised persons. */
export async function seedFamily(backend: TestBackend, session: Session) {
  const { family, child } = await createFamilyWithChild(backend, session)
  for (const person of [
    { nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'Voisin(e)', telephone: '0612345678' },
    { nom: 'PLRI', prenom: 'TEST', lien_de_parente: 'Grand père', telephone: '0606060606' },
  ])
    await backend.call('authorizedPersons/add', { childId: child.id, values: person }, session)
  return { family, child }
}

export class RequestsApi {
  constructor(
    private readonly backend: TestBackend,
    private readonly session: Session,
  ) {}
  /** The import service itself (the channel runs it in a worker thread, tested once in requests-intake). */
  import(...lines: unknown[]): Promise<ImportSummary> {
    return this.context().then((ctx) => importRequests(ctx, jsonl(...lines)))
  }
  async context() {
    const actor = await loadActor(this.backend.services.db, this.session.staffId as number)
    if (!actor) throw new Error('no signed-in staff member')
    return this.backend.context(actor)
  }
  get(id: number) {
    return this.backend.call<RequestReview>('requests/get', { id }, this.session)
  }
  async byRef(ref: string) {
    // Through kysely, so that the helper also serves the suite on PostgreSQL (pg-backend.ts).
    const row = await this.backend.services.db
      .selectFrom('requests')
      .select('id')
      .where('ref', '=', ref)
      .executeTakeFirst()
    if (!row) throw new Error(`no request ${ref}`)
    return this.get(row.id)
  }
  list(input: Record<string, unknown> = {}) {
    return this.backend.call<QueuePage>('requests/list', input, this.session)
  }
  /** Decides with one outcome per line: `accept` lists the fields accepted, the others are refused. */
  async decide(
    ref: string,
    accept: string[] | 'all' | 'none',
    extra: { reason?: string; values?: Record<string, unknown>; reply?: string; action?: 'close' } = {},
  ) {
    const review = await this.byRef(ref)
    return this.backend.call<RequestReview>(
      'requests/decide',
      {
        id: review.id,
        version: review.version,
        ...(extra.action ? { action: extra.action } : {}),
        outcomes: review.lines.map((l) => {
          const ok = accept === 'all' || (Array.isArray(accept) && accept.includes(l.field))
          return {
            field: l.field,
            accept: ok,
            ...(ok && extra.values?.[l.field] !== undefined ? { value: extra.values[l.field] } : {}),
            ...(!ok && extra.reason ? { reason: extra.reason } : {}),
          }
        }),
        ...(extra.reply ? { reply: extra.reply } : {}),
      },
      this.session,
    )
  }
  family(number = FAMILY) {
    return this.backend.call<FamilyFile>('families/getByNumber', { number }, this.session)
  }
  child(identifier = CHILD) {
    return this.backend.call<ChildFile>('children/getByIdentifier', { identifier }, this.session)
  }
}

/** A request line for the TEST family with defaults; `n` makes the ref unique. */
export function requestLine(n: number, kind: string, payload: unknown, extra: Record<string, unknown> = {}) {
  return {
    ref: `T-${String(n).padStart(6, '0')}`,
    submitted_at: `2017-07-${String(3 + Math.floor(n / 100)).padStart(2, '0')}T10:${String(n % 60).padStart(2, '0')}:00+02:00`,
    family: FAMILY,
    ...(kind.startsWith('responsable') ||
    kind.startsWith('conjoint') ||
    kind.startsWith('caf') ||
    kind.startsWith('fiscal') ||
    kind.startsWith('bank')
      ? {}
      : { child: CHILD }),
    kind,
    payload,
    ...extra,
  }
}

/** Each test on a new database with the TEST family, signed in as the administrator. */
export function requestsFixture() {
  const t = {} as { backend: TestBackend; admin: Session; api: RequestsApi }
  beforeEach(async () => {
    t.backend = createTestBackend()
    t.admin = await signedInAdmin(t.backend)
    await seedFamily(t.backend, t.admin)
    t.api = new RequestsApi(t.backend, t.admin)
  })
  afterEach(async () => t.backend.dispose())
  return t
}
