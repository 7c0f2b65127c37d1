/** A value stored in the database (English code) with its French label. */
export interface Option<V extends string = string> {
  value: V
  label: string
}

export function labelOf<V extends string>(
  options: readonly Option<V>[],
  value: string | null | undefined,
): string {
  if (value === null || value === undefined || value === '') return ''
  return options.find((o) => o.value === value)?.label ?? value
}

/** Lower case, no accents, no punctuation or spaces: "Grand père" and "grand-père" both give "grandpere". */
export function looseKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** Finds the option whose code or label matches `text` loosely (for imports and portal payloads). */
export function matchOption<V extends string>(options: readonly Option<V>[], text: string): V | null {
  const key = looseKey(text)
  if (key === '') return null
  return options.find((o) => looseKey(o.value) === key || looseKey(o.label) === key)?.value ?? null
}
