import { decodeWith } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'

import { type FhirError, fhirError } from './fhir-error.js'
import type { FhirResponse } from './fhir-transport.js'

/**
 * Decodes a response body with a resource codec. A body that is not a FHIR resource at all is
 * `not-fhir`; a resource of the wrong type or shape is `unexpected-resource`.
 *
 * @category client
 */
export function decodeBody<A>(codec: t.Type<A, unknown, unknown>, res: FhirResponse): E.Either<FhirError, A> {
  const body = res.body
  const isResource =
    typeof body === 'object' && body !== null && typeof (body as { resourceType?: unknown }).resourceType === 'string'
  if (!isResource)
    return E.left(
      fhirError('InvalidResponse', `expected ${codec.name}, got a body that is not a FHIR resource`, {
        status: res.status,
        reason: 'not-fhir',
      }),
    )
  let decoded: ReturnType<ReturnType<typeof decodeWith<A, unknown>>>
  try {
    decoded = decodeWith(codec)(body)
  } catch (e) {
    // io-ts recurses per level; the transport bounds depth before parsing, but a caller may hand us
    // a body from elsewhere. A stack overflow is an answer we cannot use, not a crash.
    if (!(e instanceof RangeError)) throw e
    return E.left(
      fhirError('InvalidResponse', `expected ${codec.name}: the body is nested too deeply to decode`, {
        status: res.status,
        reason: 'too-deep',
      }),
    )
  }
  return E.mapLeft((e: { message: string }) =>
    fhirError('InvalidResponse', e.message, { status: res.status, reason: 'unexpected-resource' }),
  )(decoded)
}
