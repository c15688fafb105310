import { type InvalidField, invalidField } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { ResponseLimits } from '../internal/bounded-json.js'
import type { RetryPolicy } from './retry-policy.js'

// Before these checks every comparison with a NaN limit was false: `maxRetries: NaN` retried until the
// deadline instead of the count, `deadlineMs: NaN` made a 1 ms timer that aborted every request, and a
// base URL that did not parse was a bare TypeError from `new URL`. Settings are code: they are checked
// when the transport is made.

type Rule = [field: string, value: unknown, ok: (v: number) => boolean, what: string]

const wholeAtLeast = (min: number) => (v: number) => Number.isInteger(v) && v >= min
const atLeast = (min: number) => (v: number) => Number.isFinite(v) && v >= min
const above = (min: number) => (v: number) => Number.isFinite(v) && v > min

function firstBroken(rules: readonly Rule[]): InvalidField | undefined {
  for (const [field, value, ok, what] of rules)
    if (value !== undefined && !(typeof value === 'number' && ok(value)))
      return invalidField(field, `must be ${what}, got ${typeof value === 'number' ? value : JSON.stringify(value)}`, {
        value,
      })
  return undefined
}

/**
 * Checks a transport's base URL and its retry and response limits: an `http:` or `https:` URL with no
 * user name or password in it (they would be sent with every request and logged with every error),
 * and every number finite and in range.
 *
 * @category client
 */
export function checkTransportOptions(options: {
  readonly baseUrl: string
  readonly retry?: Partial<RetryPolicy>
  readonly limits?: Partial<ResponseLimits>
}): E.Either<InvalidField, { readonly baseUrl: string; readonly origin: string }> {
  const baseUrl = typeof options.baseUrl === 'string' ? options.baseUrl.replace(/\/+$/, '') : ''
  if (!URL.canParse(baseUrl))
    return E.left(invalidField('baseUrl', `is not an absolute URL: ${JSON.stringify(options.baseUrl)}`))
  const url = new URL(baseUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return E.left(invalidField('baseUrl', `must be http: or https:, got ${url.protocol}`))
  if (url.username !== '' || url.password !== '')
    return E.left(invalidField('baseUrl', 'must not carry a user name or password (use `auth`)'))
  if (url.search !== '' || url.hash !== '')
    return E.left(invalidField('baseUrl', 'must not carry a query or fragment (requests add their own)'))
  const r = options.retry ?? {}
  const l = options.limits ?? {}
  const broken = firstBroken([
    ['retry.maxRetries', r.maxRetries, wholeAtLeast(0), 'a whole number ≥ 0'],
    ['retry.baseDelayMs', r.baseDelayMs, atLeast(0), 'a number ≥ 0'],
    ['retry.maxDelayMs', r.maxDelayMs, atLeast(0), 'a number ≥ 0'],
    ['retry.deadlineMs', r.deadlineMs, above(0), 'a number > 0'],
    ['retry.maxRetryAfterMs', r.maxRetryAfterMs, atLeast(0), 'a number ≥ 0'],
    ['limits.maxBodyBytes', l.maxBodyBytes, wholeAtLeast(1), 'a whole number ≥ 1'],
    ['limits.maxDepth', l.maxDepth, wholeAtLeast(1), 'a whole number ≥ 1'],
    ['limits.maxRedirects', l.maxRedirects, wholeAtLeast(0), 'a whole number ≥ 0'],
  ])
  return broken === undefined ? E.right({ baseUrl, origin: url.origin }) : E.left(broken)
}
