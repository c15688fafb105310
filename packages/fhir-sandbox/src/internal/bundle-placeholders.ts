/**
 * Bundle-local identities: an entry's `fullUrl` may be `urn:uuid:<uuid>`, and other entries refer to
 * it by that URN until the server assigns the real id (FHIR R4 http §3.1.0.11.2, Bundle §2.36.4.1).
 * Inside a search URL (a conditional reference) the colons may arrive percent-encoded.
 */
const PLACEHOLDER = /urn(?::|%3A)uuid(?::|%3A)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const FULL_URL = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function normalise(urn: string): string {
  return urn.replace(/%3A/gi, ':').toLowerCase()
}

/** The placeholder an entry's `fullUrl` declares, normalised, if it is one. */
export function placeholderOf(fullUrl: string | undefined): string | undefined {
  return fullUrl !== undefined && FULL_URL.test(fullUrl) ? normalise(fullUrl) : undefined
}

/** Adds to `into` every placeholder mentioned anywhere in `value` (a resource, a request URL). */
export function collectPlaceholders(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (!value.includes('urn')) return
    for (const match of value.matchAll(PLACEHOLDER)) into.add(normalise(match[0]))
  } else if (Array.isArray(value)) {
    for (const item of value) collectPlaceholders(item, into)
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectPlaceholders(item, into)
  }
}

/**
 * Replaces, in place, each placeholder that has an identity (`Type/id`) and returns the value.
 * The Bundle came off the wire and belongs to the host, so mutating it copies nothing.
 */
export function rewritePlaceholders<T>(value: T, identities: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') {
    if (!value.includes('urn')) return value
    return value.replace(PLACEHOLDER, (urn) => identities.get(normalise(urn)) ?? urn) as T
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = rewritePlaceholders(value[i], identities)
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) record[key] = rewritePlaceholders(record[key], identities)
  }
  return value
}
