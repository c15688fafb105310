import { errorIssue, issue, type ValidationIssue } from '../issue.js'

/** A JSON object as seen by profile rules. */
export type Json = Readonly<Record<string, unknown>>

/** The items of an array property that are objects, with their index. */
export function objectsAt(node: Json, key: string): { readonly item: Json; readonly index: number }[] {
  const v = node[key]
  if (!Array.isArray(v)) return []
  const out: { item: Json; index: number }[] = []
  v.forEach((item: unknown, index) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) out.push({ item: item as Json, index })
  })
  return out
}

/** The object at a single-valued property, if any. */
export function objectAt(node: Json, key: string): Json | undefined {
  const v = node[key]
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined
}

/** Issue helpers with the profile's id prefix. */
export function profileError(prefix: string, id: string, message: string, expression: string): ValidationIssue {
  return errorIssue('invariant', `${prefix}.${id}`, message, expression)
}

export function profileWarning(prefix: string, id: string, message: string, expression: string): ValidationIssue {
  return issue('warning', 'business-rule', `${prefix}.${id}`, message, expression)
}

/** The resource type named by a literal reference (`Patient/123`, `https://x/fhir/Patient/1`). */
export function referencedType(reference: unknown): string | undefined {
  if (typeof reference !== 'string') return undefined
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(reference)
  return m?.[1]
}

/** Checks that a Reference element, when literal, points at one of the allowed types. */
export function checkReferenceTarget(
  resource: Json,
  key: string,
  allowed: readonly string[],
  prefix: string,
  path: string,
): ValidationIssue[] {
  const ref = objectAt(resource, key)
  const type = referencedType(ref?.['reference'])
  if (type === undefined || allowed.includes(type)) return []
  return [
    profileError(
      prefix,
      `${key}.target`,
      `${key} must reference ${allowed.join(' | ')}, not ${type}`,
      `${path}.${key}.reference`,
    ),
  ]
}
