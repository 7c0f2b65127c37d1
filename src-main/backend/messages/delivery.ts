import type { MessageChannel } from '@shared/contract/messages'

// How a message reaches a family (docs/messages.md, « Acheminement »): the
// portal's inbox when the family uses the portal (it sent a request from
// it) or a guardian has an e-mail address (the portal's accounts are opened
// with one), a letter otherwise. The portal may then
// notify the family by e-mail or SMS only where a guardian agreed to it
// (« Autorisation courriel », « Autorisation SMS »).

export interface GuardianContact {
  role: 'responsable' | 'conjoint'
  email: string | null
  mobile_phone: string | null
  consent_email: number
  consent_sms: number
}

export interface Delivery {
  channel: MessageChannel
  notifyEmail: string | null
  notifySms: string | null
}

/** The responsable first, then the conjoint. */
const byRole = (a: GuardianContact, b: GuardianContact) =>
  a.role === b.role ? 0 : a.role === 'responsable' ? -1 : 1

export function deliveryOf(guardians: readonly GuardianContact[], usedPortal = false): Delivery {
  const ordered = [...guardians].sort(byRole)
  const hasEmail = ordered.some((g) => (g.email ?? '').trim() !== '')
  return {
    channel: hasEmail || usedPortal ? 'portail' : 'courrier',
    notifyEmail: ordered.find((g) => g.email && g.consent_email === 1)?.email ?? null,
    notifySms: ordered.find((g) => g.mobile_phone && g.consent_sms === 1)?.mobile_phone ?? null,
  }
}
