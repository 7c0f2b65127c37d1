import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as fr from '@zxcvbn-ts/language-fr'
import { invalidField } from '../errors'

// Beyond the length and kinds of characters the shared schema checks, a new
// password must not be guessable: zxcvbn-ts estimates how many guesses it
// takes, against common passwords, French words, first names, last names,
// keyboard walks, dates and the account's own login and name. Score 3 of 4
// ("safely unguessable": about 10^8 guesses) is the minimum; the feedback is
// in French (see docs/comptes.md).

export const MIN_SCORE = 3

let factory: ZxcvbnFactory | null = null

function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: fr.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...fr.dictionary },
    useLevenshteinDistance: true,
  })
  return factory
}

/** Why this password is refused, in French, or null when it is strong enough. */
export function passwordWeakness(password: string, personal: string[] = []): string | null {
  const inputs = personal.flatMap((p) => [p, ...p.split(/[\s._-]+/)]).filter((p) => p.length >= 3)
  const result = estimator().check(password, inputs)
  if (result.score >= MIN_SCORE) return null
  const reasons = [result.feedback.warning, ...result.feedback.suggestions].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  )
  return ['trop facile à deviner.', ...reasons.map((r) => (/[.!?]$/.test(r) ? r : `${r}.`))].join(' ')
}

/** Refuses a guessable password, naming the field. */
export function requireStrongPassword(password: string, personal: string[], path = 'password'): void {
  const weakness = passwordWeakness(password, personal)
  if (weakness) throw invalidField(path, 'Mot de passe', weakness)
}
