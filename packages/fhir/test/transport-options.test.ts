import { isOpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { checkTransportOptions, createFhirClient, createTransport, type TransportOptions } from '../src/index.js'

const refused = (options: TransportOptions): string => {
  try {
    createTransport(options)
    return 'created'
  } catch (e) {
    if (!isOpenwardError(e, 'InvalidField')) throw e
    return (e.error as unknown as { field: string }).field
  }
}

describe('transport settings are checked when the transport is made', () => {
  const base = 'https://fhir.example.org/R4'

  it('refuses settings that would retry without a count, abort every request, read nothing, or send credentials in every URL, naming the setting', () => {
    const cases: [TransportOptions, string][] = [
      // Every comparison with NaN is false: the retry count never ended a retry loop, and a NaN deadline
      // became a 1 ms timer that aborted every request.
      [{ baseUrl: base, retry: { maxRetries: Number.NaN, deadlineMs: Number.NaN } }, 'retry.maxRetries'],
      [{ baseUrl: base, retry: { deadlineMs: 0 } }, 'retry.deadlineMs'],
      [{ baseUrl: base, retry: { maxRetries: 2.5 } }, 'retry.maxRetries'],
      [{ baseUrl: base, retry: { baseDelayMs: -1 } }, 'retry.baseDelayMs'],
      [{ baseUrl: base, limits: { maxBodyBytes: Number.POSITIVE_INFINITY } }, 'limits.maxBodyBytes'],
      [{ baseUrl: base, limits: { maxDepth: 0 } }, 'limits.maxDepth'],
      [{ baseUrl: 'fhir.example.org/R4' }, 'baseUrl'],
      [{ baseUrl: 'ftp://fhir.example.org/R4' }, 'baseUrl'],
      [{ baseUrl: 'https://user:secret@fhir.example.org/R4' }, 'baseUrl'],
      [{ baseUrl: 'https://fhir.example.org/R4?_format=json' }, 'baseUrl'],
    ]
    for (const [options, field] of cases) expect(refused(options), JSON.stringify(options)).toBe(field)
    expect(() => createFhirClient({ baseUrl: 'not a url' })).toThrow(/InvalidField: baseUrl/)
  })

  it('accepts settings at the edges of their ranges, and the same check is available as an Either', () => {
    expect(
      refused({ baseUrl: `${base}/`, retry: { maxRetries: 0, baseDelayMs: 0 }, limits: { maxRedirects: 0 } }),
    ).toBe('created')
    expect(refused({ baseUrl: 'http://127.0.0.1:8080/fhir' })).toBe('created')
    expect(checkTransportOptions({ baseUrl: `${base}//` })).toEqual(
      E.right({ baseUrl: base, origin: 'https://fhir.example.org' }),
    )
    const bad = checkTransportOptions({ baseUrl: base, retry: { maxDelayMs: Number.NaN } })
    expect(E.isLeft(bad) && bad.left).toMatchObject({ _tag: 'InvalidField', field: 'retry.maxDelayMs' })
  })
})
