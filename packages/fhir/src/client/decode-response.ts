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
  return E.mapLeft((e: { message: string }) =>
    fhirError('InvalidResponse', e.message, { status: res.status, reason: 'unexpected-resource' }),
  )(decodeWith(codec)(body))
}
