import { TEMPLATE_FIELDS } from '@shared/contract/messages'
import { invalidField } from '../errors'

// The fields of a message template, {{famille.nom}}… (docs/messages.md).
// A text that uses a child's field makes one message per child; without
// them, one message per family.

export type FieldKey = (typeof TEMPLATE_FIELDS)[number]['key']
export type FieldValues = Record<FieldKey, string>

const FIELD = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g
const KNOWN = new Set<string>(TEMPLATE_FIELDS.map((f) => f.key))

/** The field keys a text uses, in order of first use. */
export function fieldsUsed(text: string): string[] {
  return [...new Set([...text.matchAll(FIELD)].map((m) => m[1] as string))]
}

/** Refuses an unknown field, naming the input field and the placeholder. */
export function checkFields(text: string, path: 'subject' | 'body', label: string): void {
  const unknown = fieldsUsed(text).filter((key) => !KNOWN.has(key))
  if (unknown.length > 0)
    throw invalidField(
      path,
      label,
      `champ inconnu ${unknown.map((k) => `{{${k}}}`).join(', ')} (champs possibles : voir la liste sous le texte)`,
    )
  const open = text.replace(FIELD, '').match(/\{\{|\}\}/)
  if (open) throw invalidField(path, label, 'accolades {{ }} mal fermées')
}

/** True when the text uses a child's field: one message per child. */
export function usesChildFields(...texts: string[]): boolean {
  return texts.some((t) => fieldsUsed(t).some((key) => key.startsWith('enfant.')))
}

/** The text with each field replaced by the recipient's value (empty when the value is unknown). */
export function fillFields(text: string, values: FieldValues): string {
  return text.replace(FIELD, (_all, key: string) => (KNOWN.has(key) ? (values[key as FieldKey] ?? '') : ''))
}
