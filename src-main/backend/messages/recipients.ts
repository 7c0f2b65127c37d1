import type { DB } from '@db/schema'
import type { Recipient } from '@shared/contract/messages'
import { labelOf } from '@shared/domain/options'
import { CIVILITIES } from '@shared/domain/people'
import { formatDay } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { chunks } from '../requests/chunks'
import { isDeliverable, toAddressee } from './address-block'
import { type Delivery, deliveryOf, type GuardianContact } from './delivery'
import type { FieldValues } from './placeholders'
import type { TargetChild } from './targets'

// From the children a target chose to the messages to write: one per
// family, or one per child when the text uses a child's fields
// (docs/messages.md), each with the values of its fields and its delivery.

export interface ResolvedRecipient extends Recipient {
  values: FieldValues
}

interface FamilyInfo {
  number: string
  responsable: { civility: string | null; last_name: string; first_name: string } | null
  delivery: Delivery
  deliverable: boolean
}

interface ChildInfo {
  first_name: string
  last_name: string
  class_level: string | null
  school: string | null
}

async function familiesOf(db: Kysely<DB>, ids: number[]): Promise<Map<number, FamilyInfo>> {
  const out = new Map<number, FamilyInfo>()
  for (const part of chunks(ids)) {
    const families = await db
      .selectFrom('families')
      .select(['id', 'number'])
      .where('id', 'in', part)
      .execute()
    const guardians = await db
      .selectFrom('guardians')
      .select([
        'family_id',
        'role',
        'civility',
        'last_name',
        'first_name',
        'email',
        'mobile_phone',
        'consent_email',
        'consent_sms',
        'address_line1',
        'address_line2',
        'address_line3',
        'locality',
        'postal_code',
        'city',
      ])
      .where('family_id', 'in', part)
      .execute()
    const portal = new Set(
      (
        await db
          .selectFrom('requests')
          .select('family_id')
          .distinct()
          .where('family_id', 'in', part)
          .where('channel', '=', 'portail')
          .execute()
      ).map((r) => r.family_id),
    )
    for (const f of families) {
      const own = guardians.filter((g) => g.family_id === f.id)
      const main = own.find((g) => g.role === 'responsable') ?? own[0] ?? null
      out.set(f.id, {
        number: f.number,
        responsable: main,
        delivery: deliveryOf(own as GuardianContact[], portal.has(f.id)),
        deliverable: main !== null && isDeliverable(toAddressee(main)),
      })
    }
  }
  return out
}

async function childrenOf(db: Kysely<DB>, ids: number[]): Promise<Map<number, ChildInfo>> {
  const out = new Map<number, ChildInfo>()
  for (const part of chunks(ids))
    for (const c of await db
      .selectFrom('children')
      .select(['id', 'first_name', 'last_name', 'class_level', 'school'])
      .where('id', 'in', part)
      .execute())
      out.set(c.id, c)
  return out
}

/** One recipient per family (the first child kept for nothing), or per child when `perChild`. */
export async function resolveRecipients(
  db: Kysely<DB>,
  matched: TargetChild[],
  perChild: boolean,
  common: { commune: string; today: string },
): Promise<ResolvedRecipient[]> {
  const seen = new Set<number>()
  const chosen = perChild
    ? matched
    : matched
        .filter((m) => !seen.has(m.familyId) && seen.add(m.familyId))
        .map((m) => ({ ...m, childId: null }))
  const families = await familiesOf(db, [...new Set(chosen.map((m) => m.familyId))])
  const children = await childrenOf(
    db,
    chosen.flatMap((m) => (m.childId === null ? [] : [m.childId])),
  )
  return chosen.map((m) => {
    const family = families.get(m.familyId) as FamilyInfo
    const child = m.childId === null ? null : (children.get(m.childId) ?? null)
    const g = family.responsable
    const civility = labelOf(CIVILITIES, g?.civility ?? null)
    const name = g ? `${g.last_name} ${g.first_name}`.trim() : ''
    return {
      familyId: m.familyId,
      familyNumber: family.number,
      name: name || `Famille n° ${family.number}`,
      childId: m.childId,
      childName: child ? `${child.first_name} ${child.last_name}` : null,
      ...family.delivery,
      addressMissing: family.delivery.channel === 'courrier' && !family.deliverable,
      values: {
        'famille.numero': family.number,
        'famille.nom': g?.last_name ?? '',
        'responsable.civilite': civility,
        'responsable.nom': g?.last_name ?? '',
        'responsable.prenom': g?.first_name ?? '',
        'responsable.appel': g && civility ? `${civility} ${g.last_name}` : 'Madame, Monsieur',
        'enfant.prenom': child?.first_name ?? '',
        'enfant.nom': child?.last_name ?? '',
        'enfant.classe': child?.class_level ?? '',
        'enfant.ecole': child?.school ?? '',
        'commune.nom': common.commune,
        'date.jour': formatDay(common.today),
      },
    }
  })
}
