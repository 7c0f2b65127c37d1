import type { z } from 'zod'

// Short French messages for the issues staff meet every day; the field's
// label is prepended by formatIssues(). Anything not handled here falls back
// to zod's own French locale.
type Issue = z.core.$ZodRawIssue

const KIND: Record<string, string> = {
  string: 'du texte',
  number: 'un nombre',
  int: 'un nombre entier',
  boolean: 'oui ou non',
  array: 'une liste',
  object: 'un objet',
  date: 'une date',
}

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${Number(n) > 1 ? 's' : ''}`
}

export function frenchIssueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'obligatoire'
      return `valeur invalide (${KIND[issue.expected] ?? issue.expected} attendu)`
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'obligatoire' : `au moins ${plural(issue.minimum, 'caractère')}`
      if (issue.origin === 'array') return `au moins ${plural(issue.minimum, 'élément')}`
      return `doit être supérieur ou égal à ${issue.minimum}`
    case 'too_big':
      if (issue.origin === 'string') return `au plus ${plural(issue.maximum, 'caractère')}`
      if (issue.origin === 'array') return `au plus ${plural(issue.maximum, 'élément')}`
      return `doit être inférieur ou égal à ${issue.maximum}`
    case 'invalid_format':
      if (issue.format === 'email') return 'adresse e-mail invalide'
      return 'format invalide'
    case 'invalid_value':
      return `valeur non reconnue (valeurs possibles : ${issue.values.map(String).join(', ')})`
    case 'unrecognized_keys':
      return `champ${issue.keys.length > 1 ? 's' : ''} inconnu${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.join(', ')}`
    default:
      return undefined
  }
}
