import { postalCode } from '../validation/values'
import { z } from '../zod'
import { channel } from './define'

/** A commune served by a postal code, from the official list. */
export interface CommuneSuggestion {
  /** Official name: "Saint-Nazaire-les-Eymes". */
  name: string
  /** As the last line of a postal address writes it: "SAINT-NAZAIRE-LES-EYMES". */
  city: string
  /** Code officiel géographique (INSEE). */
  insee: string
}

export const placesChannels = {
  'places/communes': channel(
    z.object({ postalCode: postalCode('Code postal').pipe(z.string({ message: 'obligatoire' })) }).strict(),
  ).returns<CommuneSuggestion[]>(),
}
