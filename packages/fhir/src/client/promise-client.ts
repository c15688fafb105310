import { OpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import type { FhirClient } from './fhir-client.js'
import type { FhirError } from './fhir-error.js'

/**
 * Runs a TaskEither and returns a Promise that rejects with an {@link OpenwardError} whose
 * `error` is the tagged {@link FhirError}, for callers who do not use fp-ts.
 *
 * @example
 * try { await runOrThrow(client.read(Patient, 'Patient', id)) }
 * catch (e) { if (e instanceof OpenwardError && e.error._tag === 'NotFound') … }
 * @category client
 */
export async function runOrThrow<A>(task: TE.TaskEither<FhirError, A>): Promise<A> {
  const result = await task()
  if (E.isLeft(result)) throw new OpenwardError(result.left)
  return result.right
}

/** A client method with its `TaskEither` result turned into a `Promise` that rejects with the {@link FhirError}. @category client */
export type Promised<F> = F extends (...args: infer P) => TE.TaskEither<FhirError, infer A>
  ? (...args: P) => Promise<A>
  : F

/** {@link FhirClient} with Promise-returning methods. @category client */
export type FhirPromiseClient = { readonly [K in keyof FhirClient]: Promised<FhirClient[K]> }

const TASK_METHODS = [
  'read',
  'create',
  'createIfNoneExist',
  'update',
  'delete',
  'search',
  'transaction',
  'writeObservations',
] as const

/**
 * Wraps a {@link FhirClient} so every TaskEither method returns a Promise (see {@link runOrThrow});
 * paging methods are unchanged.
 *
 * @category client
 */
export function promiseClient(client: FhirClient): FhirPromiseClient {
  const wrapped: Record<string, unknown> = { ...client }
  for (const name of TASK_METHODS) {
    const method = client[name] as (...args: unknown[]) => TE.TaskEither<FhirError, unknown>
    wrapped[name] = (...args: unknown[]) => runOrThrow(method(...args))
  }
  return wrapped as FhirPromiseClient
}
