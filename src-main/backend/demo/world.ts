import type { CommunePicker } from './communes'
import type { ContactBook } from './contact'
import type { Rng } from './rng'

/** The services of the demo structure children are enrolled in. */
export interface DemoServices {
  morning: number
  evening: number
  meals: number
}

/** What every generator reads: the random stream, the places, the day the data is built for. */
export interface DemoWorld {
  rng: Rng
  communes: CommunePicker
  /** 'YYYY-MM-DD': ages and school classes are computed from this day. */
  today: string
  schoolYear: number
  /** Vaccine product ids by catalogue name. */
  vaccines: Map<string, number>
  services: DemoServices
  /** E-mail addresses and mobiles of responsables and conjoints, one person each. */
  contacts: ContactBook
}
