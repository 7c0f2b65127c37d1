import type { z } from 'zod'
import type { FieldProblem } from '../errors'

type AnySchema = z.core.$ZodType

/** Follows a path through objects, arrays and wrappers to the schema of one field. */
function schemaAt(root: AnySchema | undefined, path: PropertyKey[]): AnySchema | undefined {
  let current = root
  let i = 0
  while (current && i <= path.length) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string }
    if (
      ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)
    ) {
      current = def.innerType as AnySchema
      continue
    }
    if (def.type === 'pipe') {
      current = def.in as AnySchema
      continue
    }
    if (i === path.length) return current
    const key = path[i++]
    if (def.type === 'object') current = (def.shape as Record<string, AnySchema>)[String(key)]
    else if (def.type === 'array') current = def.element as AnySchema
    else if (def.type === 'record') current = def.valueType as AnySchema
    else return undefined
  }
  return current
}

function labelOf(root: AnySchema | undefined, path: PropertyKey[]): string {
  const schema = schemaAt(root, path) as { description?: string } | undefined
  if (schema?.description) return schema.description
  const last = [...path].reverse().find((p) => typeof p === 'string')
  return last ? String(last) : 'Saisie'
}

/** Turns zod issues into French problems that name the field, using `.describe('Label')`. */
export function formatIssues(error: z.core.$ZodError, root?: AnySchema): FieldProblem[] {
  return error.issues.map((issue) => {
    const label = labelOf(root, issue.path)
    return { path: issue.path.map(String).join('.'), label, message: `${label} : ${issue.message}` }
  })
}
