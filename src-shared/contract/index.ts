import { accessExportChannels } from './access-export'
import { agendaChannels } from './agenda'
import { auditChannels } from './audit'
import { authChannels } from './auth'
import { billingChannels } from './billing'
import { calendarChannels } from './calendar'
import { changesChannels } from './changes'
import { childChannels } from './children'
import { completenessChannels } from './completeness'
import { csvChannels } from './csv'
import type { ChannelDef, InputOf, OutputOf } from './define'
import { encryptionChannels } from './encryption'
import { familyChannels } from './families'
import { fileChannels } from './files'
import { healthAccessChannels } from './health-access'
import { jobChannels } from './jobs'
import { listChannels } from './lists'
import { messageChannels } from './messages'
import { placesChannels } from './places'
import { requestChannels } from './requests'
import { retentionChannels } from './retention'
import { searchChannels } from './search'
import { serverChannels } from './server'
import { settingsChannels } from './settings'
import { staffChannels } from './staff'
import { systemChannels } from './system'
import { vaccineChannels } from './vaccines'

/** Every channel between the renderer and the back-end, declared once. */
export const contract = {
  ...authChannels,
  ...staffChannels,
  ...searchChannels,
  ...systemChannels,
  ...familyChannels,
  ...childChannels,
  ...auditChannels,
  ...settingsChannels,
  ...requestChannels,
  ...jobChannels,
  ...fileChannels,
  ...completenessChannels,
  ...placesChannels,
  ...vaccineChannels,
  ...csvChannels,
  ...listChannels,
  ...healthAccessChannels,
  ...agendaChannels,
  ...calendarChannels,
  ...billingChannels,
  ...messageChannels,
  ...retentionChannels,
  ...accessExportChannels,
  ...encryptionChannels,
  ...changesChannels,
  ...serverChannels,
} satisfies Record<string, ChannelDef>

export type Contract = typeof contract
export type ChannelName = keyof Contract
export type Input<K extends ChannelName> = InputOf<Contract[K]>
export type Output<K extends ChannelName> = OutputOf<Contract[K]>

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[]

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(contract, name)
}
