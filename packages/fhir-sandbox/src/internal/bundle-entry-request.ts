import type { BundleEntry, Resource } from '@medplum/fhirtypes'

/** HTTP verbs a Bundle entry may carry (FHIR R4 valueset http-verb). */
export type EntryMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])

/** One Bundle entry's `request`, parsed into the shape of the equivalent HTTP request. */
export interface EntryRequest {
  readonly index: number
  readonly method: EntryMethod
  /** Path segments after the FHIR base, percent-decoded (`['Patient', '123']`). */
  segments: readonly string[]
  query: URLSearchParams
  readonly resource: Resource | undefined
  /** Rewritten in place when it names a placeholder, like `query`. */
  ifNoneExist: string | undefined
  readonly ifMatch: string | undefined
  readonly ifNoneMatch: string | undefined
  readonly ifModifiedSince: string | undefined
}

/** A Bundle entry the host refuses before running anything. */
export interface EntryRefusal {
  readonly index: number
  readonly status: number
  readonly diagnostics: string
}

/**
 * Parses `entry.request` (FHIR R4 Bundle §2.36: method and a URL relative to the base; an absolute
 * URL on this server's base is accepted too). A nested Bundle (POST to the base) is refused.
 */
export function entryRequest(entry: BundleEntry, index: number, baseUrl: string): EntryRequest | EntryRefusal {
  const refuse = (diagnostics: string): EntryRefusal => ({ index, status: 400, diagnostics })
  const method = entry.request?.method
  const url = entry.request?.url
  if (method === undefined || !METHODS.has(method))
    return refuse(`entry ${index}: request.method is missing or unknown`)
  if (url === undefined || url === '') return refuse(`entry ${index}: request.url is missing`)
  let relative = url
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    if (!url.startsWith(`${baseUrl}/`)) return refuse(`entry ${index}: request.url ${url} is not on this server`)
    relative = url.slice(baseUrl.length + 1)
  }
  const mark = relative.indexOf('?')
  const path = (mark < 0 ? relative : relative.slice(0, mark)).replace(/^\/+|\/+$/g, '')
  let segments: string[]
  try {
    segments = path === '' ? [] : path.split('/').map(decodeURIComponent)
  } catch {
    return refuse(`entry ${index}: malformed percent-encoding in ${url}`)
  }
  if (segments.length === 0) return refuse(`entry ${index}: a nested batch or transaction is not supported`)
  return {
    index,
    method: method as EntryMethod,
    segments,
    query: new URLSearchParams(mark < 0 ? '' : relative.slice(mark + 1)),
    resource: entry.resource,
    ifNoneExist: entry.request?.ifNoneExist,
    ifMatch: entry.request?.ifMatch,
    ifNoneMatch: entry.request?.ifNoneMatch,
    ifModifiedSince: entry.request?.ifModifiedSince,
  }
}

export function isRefusal(value: EntryRequest | EntryRefusal): value is EntryRefusal {
  return 'status' in value
}

/** A type-level create (`POST Type`): the entries the host runs itself, the hot path of bulk uploads. */
export function isCreate(req: EntryRequest): boolean {
  return req.method === 'POST' && req.segments.length === 1 && !req.segments[0]!.startsWith('$')
}

/** Conditional update, patch or delete: `Type?search` (FHIR R4 http §3.1.0.4.3, §3.1.0.7.1). */
export function isConditionalModification(req: EntryRequest): boolean {
  return (
    (req.method === 'PUT' || req.method === 'PATCH' || req.method === 'DELETE') &&
    req.segments.length === 1 &&
    req.query.size > 0
  )
}

/**
 * Transaction processing order (FHIR R4 http §3.1.0.11.2): DELETE, then POST, then PUT and PATCH,
 * then GET and HEAD; within a step, Bundle order.
 */
export function transactionStep(method: EntryMethod): number {
  switch (method) {
    case 'DELETE':
      return 0
    case 'POST':
      return 1
    case 'PUT':
    case 'PATCH':
      return 2
    default:
      return 3
  }
}
