import { requiredDay, requiredText, text } from '../validation/values'
import { z } from '../zod'
import { type ChildHealthRead, channel, type HealthReads } from './define'

// Messages to families (docs/messages.md): written to one family or to a
// group chosen by criteria, from templates whose fields are filled for each
// recipient; delivered to the portal's inbox (JSON Lines export) or, for a
// family without the portal, as a letter. Replies to requests are messages too.

export const MESSAGE_STATES = [
  { value: 'brouillon', label: 'Brouillon' },
  { value: 'a_envoyer', label: 'À envoyer' },
  { value: 'transmis', label: 'Transmis au portail' },
  { value: 'imprime', label: 'Imprimé' },
] as const
export type MessageState = (typeof MESSAGE_STATES)[number]['value']

export const MESSAGE_CHANNELS = [
  { value: 'portail', label: 'Portail famille' },
  { value: 'courrier', label: 'Courrier' },
] as const
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number]['value']

/** The fields a template can use, `{{famille.nom}}`…; those of `enfant` make one message per child. */
export const TEMPLATE_FIELDS = [
  { key: 'famille.numero', label: 'N° de la famille' },
  { key: 'famille.nom', label: 'Nom de la famille (celui du responsable)' },
  { key: 'responsable.civilite', label: 'Civilité du responsable (Madame, Monsieur)' },
  { key: 'responsable.nom', label: 'Nom du responsable' },
  { key: 'responsable.prenom', label: 'Prénom du responsable' },
  { key: 'responsable.appel', label: 'Formule d’appel : « Madame DUPONT », ou « Madame, Monsieur »' },
  { key: 'enfant.prenom', label: 'Prénom de l’enfant' },
  { key: 'enfant.nom', label: 'Nom de l’enfant' },
  { key: 'enfant.classe', label: 'Classe de l’enfant' },
  { key: 'enfant.ecole', label: 'École de l’enfant' },
  { key: 'commune.nom', label: 'Nom de la commune (Paramètres)' },
  { key: 'date.jour', label: 'Date du jour (jj/mm/aaaa)' },
] as const

const id = (label: string) => z.number().int().positive().describe(label)

/** Who receives a message: one family, or the families a criterion chooses. */
export const messageTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('family'), familyId: id('Famille') }).strict(),
  z
    .object({ kind: z.literal('service'), serviceId: id('Service'), date: requiredDay('Inscrits au') })
    .strict(),
  z
    .object({ kind: z.literal('structure'), structureId: id('Structure'), date: requiredDay('Inscrits au') })
    .strict(),
  z.object({ kind: z.literal('incomplete') }).strict(),
  /** Health data: only for the roles allowed to see it (docs/messages.md). */
  z.object({ kind: z.literal('pai'), before: requiredDay('PAI expirant avant le') }).strict(),
])
export type MessageTarget = z.infer<typeof messageTarget>

const draftText = {
  subject: requiredText('Objet', 200),
  body: requiredText('Texte', 5000),
}

const composeInput = z
  .object({
    target: messageTarget,
    templateId: id('Modèle').nullable().optional(),
    ...draftText,
    /** Archived families are left out unless asked for (docs/depart-et-archivage.md). */
    includeArchived: z.boolean().optional().describe('Familles archivées'),
  })
  .strict()

export interface MessageTemplate {
  id: number
  code: string
  title: string
  subject: string
  body: string
  healthData: boolean
  version: number
}

/** One recipient of a send: a family, and the child when the text uses child fields. */
export interface Recipient {
  familyId: number
  familyNumber: string
  name: string
  childId: number | null
  childName: string | null
  channel: MessageChannel
  /** Where the portal may notify the family (Autorisation courriel / SMS); null without consent. */
  notifyEmail: string | null
  notifySms: string | null
  /** A letter to a family whose postal address is too incomplete for La Poste (no street or lieu-dit, no postal code or town). */
  addressMissing: boolean
}

export interface RecipientsPreview {
  count: number
  families: number
  letters: number
  /** Letters whose postal address is incomplete: to be completed before printing. */
  addressMissing: number
  /** One message per child: the text uses the child's fields. */
  perChild: boolean
  /** The first recipients, for the list on the screen (all of them up to 500). */
  recipients: Recipient[]
  /** The text as the first recipient will read it. */
  sample: { subject: string; body: string } | null
  /** Children whose PAI the criterion looked at (health read, traced). */
  healthChildren: ChildHealthRead[]
}

export interface SendResult {
  count: number
  letters: number
  batchId: string
  state: MessageState
  healthChildren: ChildHealthRead[]
}

export interface MessageRow {
  id: number
  publicId: string
  familyId: number
  familyNumber: string
  familyName: string
  childId: number | null
  childName: string | null
  requestRef: string | null
  /** Null when it says something about health and this role may not see it. */
  subject: string | null
  body: string | null
  healthData: boolean
  state: MessageState
  channel: MessageChannel
  createdAt: string
  createdBy: string | null
  exportedAt: string | null
  printedAt: string | null
  batchId: string | null
  version: number
}

export interface MessagePage {
  total: number
  rows: MessageRow[]
  counts: Record<MessageState, number>
}

export interface MessagesExport {
  fileName: string
  text: string
  count: number
  /** Messages about health in the file (traced as one bulk read). */
  healthMessages: number
}

export interface LettersFile {
  fileName: string
  /** The PDF's bytes, base64 (web mode and preview); null when written to a granted path. */
  base64: string | null
  count: number
  healthMessages: number
  /** N° famille of the letters whose postal address is incomplete. */
  addressMissing: string[]
}

const healthOf = (children: ChildHealthRead[]): HealthReads => (children.length > 0 ? { children } : null)
const bulkOf = (scope: string, count: number): HealthReads => (count > 0 ? { bulk: { scope, count } } : null)
/** Health messages shown: by child, or as one bulk read when one of them is about a family, not a child. */
const rowsReads = (rows: MessageRow[]): HealthReads => {
  const shown = rows.filter((r) => r.healthData && r.body !== null)
  if (shown.some((r) => r.childId === null)) return bulkOf('messages', shown.length)
  return healthOf(shown.map((r) => ({ childId: r.childId as number, familyId: r.familyId })))
}

const listInput = z
  .object({
    state: z.enum(['brouillon', 'a_envoyer', 'transmis', 'imprime']).optional().describe('État'),
    channel: z.enum(['portail', 'courrier']).optional().describe('Canal'),
    familyId: id('Famille').optional(),
    batchId: z.string().max(40).optional().describe('Envoi'),
    search: text('Recherche', 100).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional().describe('Début'),
    limit: z.number().int().min(1).max(500).optional().describe('Nombre'),
  })
  .strict()

const lettersInput = z
  .object({
    ids: z.array(id('Message')).max(20_000).optional().describe('Messages'),
    batchId: z.string().max(40).optional().describe('Envoi'),
    /** Desktop: a path granted by files/chooseSave; without it the file comes back as base64. */
    path: z.string().max(4096).optional(),
  })
  .strict()
  .refine((v) => (v.ids?.length ?? 0) > 0 || v.batchId !== undefined, {
    message: 'Messages : choisissez au moins un courrier à imprimer',
    path: ['ids'],
  })

export const messageChannels = {
  'messages/templates': channel(z.object({}).strict()).returns<MessageTemplate[]>(),
  /** A new template or a change to one (responsables and administrateurs). */
  'messages/saveTemplate': channel(
    z
      .object({
        id: id('Modèle').optional(),
        version: z.number().int().positive().optional().describe('Version'),
        title: requiredText('Nom du modèle', 100),
        ...draftText,
        healthData: z.boolean().optional().describe('Données de santé'),
      })
      .strict(),
    { access: 'responsable' },
  ).returns<MessageTemplate>(),
  /** Who would receive the message, and the text as the first of them reads it: nothing is written. */
  'messages/preview': channel(composeInput).returns<RecipientsPreview>({
    health: { where: 'destinataires d’un message (PAI)', reads: (out) => healthOf(out.healthChildren) },
  }),
  /** Writes one message per recipient in one transaction; `draft`: kept as brouillon. */
  'messages/send': channel(
    composeInput.extend({ draft: z.boolean().optional().describe('Brouillon') }).strict(),
  ).returns<SendResult>({
    health: { where: 'envoi d’un message (PAI)', reads: (out) => healthOf(out.healthChildren) },
  }),
  'messages/list': channel(listInput).returns<MessagePage>({
    health: { where: 'liste des messages', reads: (out) => rowsReads(out.rows) },
  }),
  /** Changes a draft's text (refused when someone changed it since it was read). */
  'messages/updateDraft': channel(
    z
      .object({ id: id('Message'), version: z.number().int().positive().describe('Version'), ...draftText })
      .strict(),
  ).returns<MessageRow>({ health: { where: 'message', reads: (out) => rowsReads([out]) } }),
  /** Drafts become « à envoyer ». */
  'messages/sendDrafts': channel(
    z.object({ ids: z.array(id('Message')).min(1).max(20_000).describe('Messages') }).strict(),
  ).returns<{ count: number }>(),
  'messages/deleteDraft': channel(
    z.object({ id: id('Message'), version: z.number().int().positive().describe('Version') }).strict(),
  ).returns<{ deleted: true }>(),
  /** The portal's file (docs/demandes-portail.md): messages since a day, JSON Lines. */
  'messages/export': channel(
    z.object({ since: z.string().trim().min(1).max(40).describe('Depuis') }).strict(),
  ).returns<MessagesExport>({
    health: {
      where: 'export des messages pour le portail',
      reads: (out) => bulkOf(out.fileName, out.healthMessages),
    },
  }),
  /** Letters for window envelopes, several in one PDF; they become « imprimé ». */
  'messages/letters': channel(lettersInput).returns<LettersFile>({
    health: { where: 'courriers imprimés', reads: (out) => bulkOf(out.fileName, out.healthMessages) },
  }),
}
