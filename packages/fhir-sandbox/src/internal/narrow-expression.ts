/**
 * Cuts a multi-type SearchParameter FHIRPath expression (`A.x | B.y.where(...) | C.z`) down to
 * the union members that apply to one resource type. The shipped definitions share one expression
 * across ~30 types (`patient` is ~1,400 characters) and Medplum re-parses it for every resource
 * tested; a per-type copy is about 15× cheaper to evaluate (spec note fhir.md §4.3).
 *
 * Returns `undefined` when no member names the type, so the caller keeps the original.
 */
export function narrowExpression(expression: string, resourceType: string): string | undefined {
  const members = splitTopLevelUnion(expression)
  const mine = members.filter((member) => namesType(member, resourceType))
  if (mine.length === 0 || mine.length === members.length) return undefined
  return mine.join(' | ')
}

function namesType(member: string, resourceType: string): boolean {
  const trimmed = member.replace(/^\(+/, '')
  return trimmed.startsWith(resourceType + '.') || trimmed === resourceType
}

/** Splits on `|` outside parentheses, brackets and string literals. */
export function splitTopLevelUnion(expression: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i]
    if (ch === "'" && expression[i - 1] !== '\\') quoted = !quoted
    if (quoted) continue
    if (ch === '(' || ch === '[') depth++
    else if (ch === ')' || ch === ']') depth--
    else if (ch === '|' && depth === 0) {
      parts.push(expression.slice(start, i).trim())
      start = i + 1
    }
  }
  parts.push(expression.slice(start).trim())
  return parts.filter((part) => part.length > 0)
}
