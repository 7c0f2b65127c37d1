import {
  MESSAGE_CHANNELS,
  MESSAGE_STATES,
  type MessageChannel,
  type MessageState,
} from '@shared/contract/messages'

export const stateLabel = (state: MessageState) =>
  MESSAGE_STATES.find((s) => s.value === state)?.label ?? state
export const channelLabel = (channel: MessageChannel) =>
  MESSAGE_CHANNELS.find((c) => c.value === channel)?.label ?? channel

/** Colours back the words, never replace them. */
export const STATE_COLOR: Record<MessageState, string> = {
  brouillon: 'gray',
  a_envoyer: 'orange',
  transmis: 'teal',
  imprime: 'blue',
}

// The day on this computer's clock (en-CA writes yyyy-mm-dd).
export const today = () => new Date().toLocaleDateString('en-CA')
