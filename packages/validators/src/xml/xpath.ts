type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Turns a FHIRPath-like location into the XPath-like one of the XML it came from:
 * `Bundle.entry[0].resource.subject` -> `/f:Bundle/f:entry[1]/f:resource/f:Observation/f:subject`.
 * XPath positions start at 1; a nested resource adds its type element (R4 xml.html), found by
 * following the path through the parsed resource.
 */
export function xpathOf(expression: string, root: unknown): string {
  let node: unknown = root
  let out = ''
  expression.split('.').forEach((step, k) => {
    const m = /^([^[]+)\[(\d+)\]$/.exec(step)
    const name = m?.[1] ?? step
    const index = m === null ? undefined : Number(m[2])
    out += index === undefined ? `/f:${name}` : `/f:${name}[${index + 1}]`
    if (k === 0) return // the root step is the resource type itself
    let next = isObject(node) ? node[name] : undefined
    if (index !== undefined && Array.isArray(next)) next = next[index]
    node = next
    if (isObject(node) && typeof node['resourceType'] === 'string' && isResourceSlot(name))
      out += `/f:${node['resourceType']}`
  })
  return out
}

// The R4 elements of type Resource (DomainResource.contained, Bundle.entry.resource,
// Bundle.entry.response.outcome, Parameters.parameter.resource): wrappers of a nested resource in XML.
const isResourceSlot = (name: string): boolean => name === 'resource' || name === 'contained' || name === 'outcome'
