/**
 * Whether a JSON text nests objects and arrays deeper than `limit`, by an iterative bracket count
 * outside strings (RFC 8259 §7 escapes honoured): no recursion, so no stack to exhaust. Run before
 * `JSON.parse` on anything from outside, because the recursive code after it (Medplum's router,
 * search, `structuredClone`) overflows on a few thousand levels.
 */
export function jsonDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}
