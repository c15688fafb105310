import { describe, expect, it } from 'vitest'

import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  fhirError,
  isIdempotentRequest,
  isRetryableError,
  parseRetryAfter,
} from '../../src/index.js'

describe('retry policy', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('Sun, 06 Nov 1994 08:49:37 GMT')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:47 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })

  it('backs off exponentially with full jitter, capped', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 }
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, p, () => 0.999999))).toEqual([99, 199, 399, 799, 999])
    expect(backoffDelay(3, p, () => 0)).toBe(0)
  })

  it('treats GET/PUT/DELETE, If-None-Exist POSTs and all-conditional transactions as idempotent, plain POST not', () => {
    expect(isIdempotentRequest({ method: 'GET' })).toBe(true)
    expect(isIdempotentRequest({ method: 'PUT' })).toBe(true)
    expect(isIdempotentRequest({ method: 'DELETE' })).toBe(true)
    expect(isIdempotentRequest({ method: 'POST' })).toBe(false)
    expect(isIdempotentRequest({ method: 'PATCH' })).toBe(false)
    expect(isIdempotentRequest({ method: 'POST', headers: { 'If-None-Exist': 'identifier=a|b' } })).toBe(true)
    const entry = (request: object) => ({ request })
    const bundle = (entries: object[]) => ({ resourceType: 'Bundle', type: 'transaction', entry: entries })
    expect(
      isIdempotentRequest({
        method: 'POST',
        body: bundle([
          entry({ method: 'POST', url: 'Observation', ifNoneExist: 'identifier=x' }),
          entry({ method: 'PUT', url: 'Patient/1' }),
        ]),
      }),
    ).toBe(true)
    expect(isIdempotentRequest({ method: 'POST', body: bundle([entry({ method: 'POST', url: 'Observation' })]) })).toBe(
      false,
    )
  })

  it('retries network errors, 429, 502/503/504 and truncated bodies only', () => {
    expect(isRetryableError(fhirError('Transient', 'net'))).toBe(true)
    expect(isRetryableError(fhirError('Transient', '503', { status: 503 }))).toBe(true)
    expect(isRetryableError(fhirError('Transient', '500', { status: 500 }))).toBe(false)
    expect(isRetryableError(fhirError('RateLimited', '429', { status: 429 }))).toBe(true)
    expect(isRetryableError(fhirError('InvalidResponse', 'cut', { reason: 'truncated' }))).toBe(true)
    expect(isRetryableError(fhirError('InvalidResponse', 'html', { reason: 'html' }))).toBe(false)
    for (const tag of ['BadRequest', 'Unprocessable', 'Conflict', 'NotFound', 'Gone', 'Unauthorized'] as const)
      expect(isRetryableError(fhirError(tag, tag))).toBe(false)
  })

  it('every error carries an OperationOutcome', () => {
    expect(fhirError('Gone', 'deleted').outcome).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'deleted', diagnostics: 'deleted' }],
    })
  })
})
