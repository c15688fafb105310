import type { FhirError } from './fhir-error.js'

/** How and how long to retry. All times in milliseconds. @category model */
export interface RetryPolicy {
  /** Attempts after the first (default 5). */
  readonly maxRetries: number
  /** First backoff delay (default 200). */
  readonly baseDelayMs: number
  /** Cap on one backoff delay (default 10_000). */
  readonly maxDelayMs: number
  /** Give up once this much time has passed since the first attempt (default 60_000). */
  readonly deadlineMs: number
  /** Largest Retry-After we honour; a longer one ends retrying with the error (default 120_000). */
  readonly maxRetryAfterMs: number
}

/** @category constants */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  deadlineMs: 60_000,
  maxRetryAfterMs: 120_000,
}

/** Statuses worth retrying on an idempotent request (issue 6 §3): 429, 502, 503, 504. @category retry */
export const RETRYABLE_STATUSES: ReadonlySet<number> = /* @__PURE__ */ new Set([429, 502, 503, 504])

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns the delay in ms
 * from `nowMs`, 0 for a date in the past, undefined when absent or unparseable (negative numbers,
 * `NaN`, fractions: the caller then uses its own backoff).
 *
 * @example
 * parseRetryAfter('2', 0) // 2000
 * @category retry
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // Only the HTTP-date forms (IMF-fixdate, RFC 850, asctime: all start with a day name). `Date.parse`
  // alone would read "-5" or "1e9" as years and turn a hostile value into an immediate retry.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i.test(trimmed)) return undefined
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

/**
 * Capped exponential backoff with full jitter: uniform in [0, min(cap, base·2^attempt)].
 * `random` is injectable for tests.
 *
 * @category retry
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.floor(random() * ceiling)
}

/**
 * Whether an error is worth retrying at all: network failures, truncated responses, 429, 502,
 * 503, 504. 400/422/409/412/401/403/404/410 and malformed bodies are answers, not accidents.
 *
 * @category retry
 */
export function isRetryableError(error: FhirError): boolean {
  if (error._tag === 'RateLimited') return true
  if (error._tag === 'Transient') return error.status === undefined || RETRYABLE_STATUSES.has(error.status)
  if (error._tag === 'InvalidResponse') return error.reason === 'truncated'
  return false
}

/** What a request looks like to the retry gate. @category model */
export interface RequestShape {
  readonly method: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: unknown
}

/**
 * Whether a request can be sent twice without changing the result (RFC 9110 §9.2.2 plus FHIR
 * conditional create): GET, HEAD, PUT, DELETE; a POST with `If-None-Exist`; a transaction Bundle
 * whose every entry is a GET, PUT, DELETE or an `ifNoneExist` POST. A plain POST is never retried.
 *
 * @category retry
 */
export function isIdempotentRequest(req: RequestShape): boolean {
  const method = req.method.toUpperCase()
  if (method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE') return true
  if (method !== 'POST') return false
  const headers = req.headers ?? {}
  if (Object.keys(headers).some((k) => k.toLowerCase() === 'if-none-exist')) return true
  return isIdempotentBundle(req.body)
}

function isIdempotentBundle(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  const b = body as { resourceType?: unknown; type?: unknown; entry?: unknown }
  if (b.resourceType !== 'Bundle' || (b.type !== 'transaction' && b.type !== 'batch')) return false
  if (!Array.isArray(b.entry)) return false
  return b.entry.every((e: { request?: { method?: string; ifNoneExist?: string } }) => {
    const m = e.request?.method
    if (m === 'GET' || m === 'HEAD' || m === 'PUT' || m === 'DELETE') return true
    return m === 'POST' && typeof e.request?.ifNoneExist === 'string' && e.request.ifNoneExist !== ''
  })
}
