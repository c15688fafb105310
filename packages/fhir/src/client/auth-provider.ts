import type * as TE from 'fp-ts/lib/TaskEither.js'

import type { FhirError } from './fhir-error.js'

/**
 * Supplies the `Authorization` header value for FHIR requests. The token manager, the static
 * bearer provider and test doubles implement it.
 *
 * @category auth
 */
export interface AuthProvider {
  /** The header value (`Bearer …`), from cache or freshly fetched. */
  readonly authorize: (signal?: AbortSignal) => TE.TaskEither<FhirError, string>
  /** Called when the server answered 401 with `headerValue`: drop it so the next call fetches anew. */
  readonly invalidate: (headerValue: string) => void
}
