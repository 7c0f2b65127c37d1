import { envelopeSchema, parseEnvelope } from './intake-line'
import type { ItemDraft } from './items'
import { buildItems } from './items'
import { requestRow } from './store'

/**
 * The seed's two requests still pending on 03/07/2017 (portail-famille-e-enfance.txt):
 * the responsable's new e-mail, the example line of docs/demandes-portail.md, and the Pentacoq
 * vaccination with its booster of 01/07/2017.
 */
export const SEED_PENDING_REQUESTS = [
  {
    ref: 'P-20170703-000017',
    submitted_at: '2017-07-03T10:12:00+02:00',
    family: '383304832264',
    kind: 'responsable.update',
    seen: { email: '' },
    payload: { email: 'adressereceptionfact@ci.com' },
  },
  {
    ref: 'P-20170703-000018',
    submitted_at: '2017-07-03T10:20:00+02:00',
    family: '383304832264',
    child: '383306398666',
    kind: 'vaccination.add',
    payload: { vaccin: 'Pentacoq', date: '2014-06-12', date_rappel: '2017-07-01' },
  },
]

/**
 * The rows of the seed's pending requests for the demo's TEST family, checked
 * by the same intake as a portal file; the demo writes them with its own
 * bulk writer (its transaction is synchronous).
 */
export function seedPendingRequestRows(familyId: number, childId: number, receivedAt: string) {
  return SEED_PENDING_REQUESTS.map((line) => {
    const parsed = parseEnvelope(envelopeSchema.parse(line))
    if (!parsed.ok) throw new Error(`Seed request ${line.ref} refused: ${parsed.reason}`)
    const { request } = parsed
    const row = requestRow(
      request,
      familyId,
      request.spec.scope === 'child' ? childId : null,
      {
        channel: 'portail',
        enteredBy: null,
      },
      receivedAt,
    )
    const { family_id: _family, ...columns } = row
    const items: ItemDraft[] = buildItems(request.spec, request.values, request.seen)
    return { request: columns, items }
  })
}
