import type { z } from 'zod'
import type { FieldProblem } from '../errors'

type AnySchema = z.core.$ZodType

const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']

function describedAs(schema: AnySchema): string | undefined {
  return (schema as { description?: string }).description
}

/** Unwraps optional/nullable/preprocess layers, calling `visit` on each until it returns a value. */
function unwrap<T>(
  schema: AnySchema,
  visit: (s: AnySchema) => T | undefined,
): { inner: AnySchema; found?: T } {
  let current = schema
  for (;;) {
    const found = visit(current)
    if (found !== undefined) return { inner: current, found }
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string }
    if (WRAPPERS.includes(def.type)) current = def.innerType as AnySchema
    else if (def.type === 'pipe') current = def.in as AnySchema
    else return { inner: current }
  }
}

/** The label of the field at `path`: the outermost `.describe()` found along the way down. */
function labelAt(root: AnySchema | undefined, path: PropertyKey[]): string | undefined {
  let current = root
  for (const key of path) {
    if (!current) return undefined
    const { inner } = unwrap(current, () => undefined)
    const def = inner._zod.def as unknown as Record<string, unknown> & { type: string }
    if (def.type === 'object') current = (def.shape as Record<string, AnySchema>)[String(key)]
    else if (def.type === 'array') current = def.element as AnySchema
    else if (def.type === 'record') current = def.valueType as AnySchema
    else return undefined
  }
  return current ? unwrap(current, describedAs).found : undefined
}

function labelOf(root: AnySchema | undefined, path: PropertyKey[]): string {
  const label = labelAt(root, path)
  if (label) return label
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
