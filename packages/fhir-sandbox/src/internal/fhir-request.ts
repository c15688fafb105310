import type { IncomingHttpHeaders } from 'node:http'

/** A request to the FHIR base, after the host has read its body. */
export interface FhirHttpRequest {
  readonly method: string
  /** Path segments after the FHIR base (`['Observation', '123']`), percent-decoded. */
  readonly segments: readonly string[]
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

export function headerValue(req: FhirHttpRequest, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** `Prefer` header tokens, e.g. `return=minimal`, `handling=strict` (RFC 7240). */
export function prefers(req: FhirHttpRequest, token: string): boolean {
  const prefer = headerValue(req, 'prefer') ?? ''
  return prefer
    .split(/[,;]/)
    .map((p) => p.trim().toLowerCase())
    .includes(token)
}

/** The query as the record shape the Medplum parser takes (repeated keys become arrays). */
export function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of query) {
    const prev = out[key]
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  return out
}
