import { describe, expect, it } from 'vitest'
import {
  AUTHORIZED_PERSON_FIELDS,
  CHILD_FIELDS,
  FAMILY_FIELDS,
  GUARDIAN_FIELDS,
  HEALTH_CONDITION_FIELDS,
  VACCINATION_FIELDS,
} from '../../src-shared/fields/index'
import { formatIssues } from '../../src-shared/validation/format-issues'
import { text } from '../../src-shared/validation/values'
import { z } from '../../src-shared/zod'

const TEXT_FIELDS = [
  ...FAMILY_FIELDS,
  ...GUARDIAN_FIELDS,
  ...CHILD_FIELDS,
  ...AUTHORIZED_PERSON_FIELDS,
  ...VACCINATION_FIELDS,
  ...HEALTH_CONDITION_FIELDS,
].filter((f) => f.kind === 'text' || f.kind === 'address')

/** Each character that could make a look-alike of "Dupont", with the words of its refusal. */
const LOOK_ALIKES: [string, string][] = [
  ['\u0000', 'caractère de contrôle interdit (U+0000'],
  ['\u0007', 'caractère de contrôle interdit (U+0007'],
  ['\u001B', 'caractère de contrôle interdit (U+001B'],
  ['\u007F', 'caractère de contrôle interdit (U+007F'],
  ['\u0085', 'caractère de contrôle interdit (U+0085'],
  ['\u202E', 'sens d’écriture interdit (U+202E'],
  ['\u202A', 'sens d’écriture interdit (U+202A'],
  ['\u2066', 'sens d’écriture interdit (U+2066'],
  ['\u2069', 'sens d’écriture interdit (U+2069'],
  ['\u200F', 'sens d’écriture interdit (U+200F'],
  ['\u200B', 'caractère invisible interdit (U+200B'],
  ['\u200D', 'caractère invisible interdit (U+200D'],
  ['\u2060', 'caractère invisible interdit (U+2060'],
  ['\u00AD', 'caractère invisible interdit (U+00AD'],
  ['\uFEFF', 'caractère invisible interdit (U+FEFF'],
]

/** The French message a screen, the CSV import or the portal's intake would show, field named. */
function refusal(schema: z.ZodType, value: unknown): string | null {
  const root = z.object({ v: schema })
  const result = root.safeParse({ v: value })
  return result.success ? null : formatIssues(result.error, root)[0].message
}

describe('every free text of the field catalogue', () => {
  it('has text fields to check', () => {
    expect(TEXT_FIELDS.map((f) => f.key)).toEqual(
      expect.arrayContaining(['nom', 'prenom', 'adresse', 'remarques']),
    )
  })

  for (const field of TEXT_FIELDS)
    it(`${field.label}: refuses control, bidi and zero-width characters, naming the field`, () => {
      for (const [char, words] of LOOK_ALIKES) {
        const message = refusal(field.schema, `Du${char}pont`)
        expect(message, `${field.key} with ${JSON.stringify(char)}`).toContain(`${field.label} : `)
        expect(message).toContain(words)
        expect(message).toContain('3ᵉ caractère')
      }
    })

  for (const field of TEXT_FIELDS)
    it(`${field.label}: stores Unicode NFC`, () => {
      const decomposed = 'Ame\u0301lie'
      const parsed = field.schema.safeParse(decomposed)
      expect(parsed.success).toBe(true)
      expect(parsed.data).toBe('Amélie')
      expect((parsed.data as string).length).toBe(6)
    })
})

describe('line breaks', () => {
  it('are refused in one-line texts (names, addresses), accepted in notes, stored as \\n', () => {
    expect(refusal(text('Nom', 100), 'Du\npont')).toBe(
      'Nom : retour à la ligne interdit dans ce champ (3ᵉ caractère)',
    )
    expect(refusal(text('Nom', 100), 'Du\tpont')).toBe(
      'Nom : tabulation interdite dans ce champ (3ᵉ caractère)',
    )
    expect(text('Remarques', 500).parse('Ligne 1\r\nLigne 2\rLigne 3')).toBe('Ligne 1\nLigne 2\nLigne 3')
    expect(refusal(text('Remarques', 500), 'Ligne 1\u2028Ligne 2')).toContain(
      'séparateur de ligne Unicode interdit',
    )
    expect(refusal(text('Remarques', 500), 'Ligne\u0000')).toContain('caractère de contrôle interdit')
  })

  it('accept ordinary French text untouched', () => {
    for (const ok of [
      'Éloïse-Œdipe d’Aubigné',
      'Saint-Étienne',
      '12 bis, rue de l’Église',
      'Ñúñez Çağlar 李',
    ])
      expect(text('Nom', 100).parse(ok)).toBe(ok)
  })
})
