import { FIELD_WORDS, ROLE_MARKERS, SMALL_WORDS, WHOLE_HEADERS } from './synonyms'
import { parseTarget, type TargetGroup, targetValue } from './targets'

// Proposes, for each header of a foreign file, the column it most likely
// holds. Only a proposal: staff confirm or correct it in the mapping step.

/** "N° de l’enfant" → ["n", "enfant"]; "Resp. 2" → ["resp2"]. */
export function headerWords(header: string): string[] {
  const words = header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\bn\s*[°º]|\bnumero\b|\bnum\b|\bno\b/g, ' n ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !SMALL_WORDS.has(w))
  const out: string[] = []
  for (const word of words) {
    const joined = `${out.at(-1)}${word}`
    if (/^\d$/.test(word) && out.length > 0 && joined in ROLE_MARKERS) out[out.length - 1] = joined
    else out.push(word)
  }
  return out
}

function valid(group: TargetGroup, column: string): string | null {
  const value = targetValue(group, column)
  return parseTarget(value) ? value : null
}

/** The target a header most likely stands for, or null. */
export function proposeTarget(header: string): string | null {
  const words = headerWords(header)
  const key = words.join('')
  const wholeHit = WHOLE_HEADERS[key]
  if (wholeHit) return valid(wholeHit.group, wholeHit.column)
  const direct = FIELD_WORDS[key]
  if (direct) return valid(direct.group, direct.column)
  const marker = words.find((w) => w in ROLE_MARKERS)
  if (!marker) return null
  const rest = words.filter((w) => w !== marker).join('')
  const hit = FIELD_WORDS[rest] ?? WHOLE_HEADERS[rest]
  if (!hit) return null
  return valid(ROLE_MARKERS[marker], hit.column) ?? valid(hit.group, hit.column)
}

/** A proposal per header; a target already taken by an earlier header is left for staff to place. */
export function proposeMapping(headers: readonly string[]): (string | null)[] {
  const taken = new Set<string>()
  return headers.map((header) => {
    const target = proposeTarget(header)
    if (!target || taken.has(target)) return null
    taken.add(target)
    return target
  })
}
