import type { VaccineProduct } from '../domain/vaccine-status'
import { z } from '../zod'
import { channel } from './define'

export const vaccineChannels = {
  /** The vaccine products of the catalogue with the diseases each covers, by name. */
  'vaccines/catalogue': channel(z.object({}).strict()).returns<VaccineProduct[]>(),
}
