/**
 * JSON with a space after each ":" and ",", the way the issue and the
 * portal's documentation print it: `{"imported": 3, "duplicates": 0}`.
 */
export function spacedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${spacedJson(v)}`)
      .join(', ')}}`
  return JSON.stringify(value) ?? 'null'
}
