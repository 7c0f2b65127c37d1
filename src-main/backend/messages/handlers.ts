import { writeFileSync } from 'node:fs'
import type { messageChannels } from '@shared/contract/messages'
import { forbidden } from '../errors'
import type { HandlersOf } from '../ipc/handler-types'
import { requireDesktop } from '../jobs/handlers'
import { previewMessage, sendMessage } from './compose'
import { deleteDraft, sendDrafts, updateDraft } from './drafts'
import { exportMessages } from './export'
import { printLetters } from './letters'
import { listMessages } from './list'
import { listTemplates, saveTemplate } from './templates'

// The Messages screen's channels (docs/messages.md).

export const messageHandlers = {
  'messages/templates': (ctx) => listTemplates(ctx.db),
  'messages/saveTemplate': (ctx, input) => saveTemplate(ctx, input),
  'messages/preview': (ctx, input) => previewMessage(ctx, input),
  'messages/send': (ctx, input) => sendMessage(ctx, input),
  'messages/list': (ctx, input) => listMessages(ctx, input),
  'messages/updateDraft': (ctx, input) => updateDraft(ctx, input),
  'messages/sendDrafts': (ctx, input) => sendDrafts(ctx, input.ids),
  'messages/deleteDraft': (ctx, input) => deleteDraft(ctx, input),
  'messages/export': (ctx, input) => exportMessages(ctx, input.since),
  'messages/letters': async (ctx, input) => {
    // The path is checked before anything is marked printed.
    if (input.path !== undefined && !requireDesktop(ctx).consumeGrant(input.path))
      throw forbidden('Ce fichier n’a pas été choisi dans la fenêtre d’enregistrement.')
    const { bytes, file } = await printLetters(ctx, input)
    if (input.path === undefined) return { ...file, base64: bytes.toString('base64') }
    writeFileSync(input.path, bytes)
    return { ...file, base64: null }
  },
} satisfies HandlersOf<typeof messageChannels>
