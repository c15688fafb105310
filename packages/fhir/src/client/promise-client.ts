import { OpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'

import type { Bundle } from '../resources/bundle.js'
import type { Observation } from '../resources/observation.js'
import type { R4ResourceType } from '../resources/resource-type.js'
import type { CallOptions, FhirClient, ResourceCodec, Versioned, WritableResource } from './fhir-client.js'
import type { FhirError } from './fhir-error.js'
import type { SearchQuery } from './search-query.js'
import type { WriteCounts, WriteObservationsOptions } from './write-observations.js'

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

/**
 * {@link FhirClient} with Promise-returning methods (rejecting with an `OpenwardError` whose `error`
 * is the {@link FhirError}). Written out method by method: a mapped type over the client would
 * erase the generic parameters of `read`, `create`… and `read(Patient, …)` would not type-check
 * under `strict`.
 *
 * @category client
 */
export interface FhirPromiseClient {
  readonly transport: FhirClient['transport']
  read<A>(codec: ResourceCodec<A>, type: R4ResourceType, id: string, options?: CallOptions): Promise<Versioned<A>>
  create<A extends WritableResource>(codec: ResourceCodec<A>, resource: A, options?: CallOptions): Promise<Versioned<A>>
  createIfNoneExist<A extends WritableResource>(
    codec: ResourceCodec<A>,
    resource: A,
    query: SearchQuery,
    options?: CallOptions,
  ): Promise<Versioned<A>>
  update<A extends WritableResource>(
    codec: ResourceCodec<A>,
    resource: A,
    options?: CallOptions & { readonly ifMatch?: string },
  ): Promise<Versioned<A>>
  delete(type: R4ResourceType, id: string, options?: CallOptions): Promise<void>
  search(type: R4ResourceType, query: SearchQuery, options?: CallOptions): Promise<Bundle>
  transaction(bundle: Bundle, options?: CallOptions): Promise<Bundle>
  writeObservations(observations: readonly Observation[], options?: WriteObservationsOptions): Promise<WriteCounts>
  readonly pages: FhirClient['pages']
  readonly pagesOrThrow: FhirClient['pagesOrThrow']
  readonly pages$: FhirClient['pages$']
  readonly resources: FhirClient['resources']
  readonly resourcesOrThrow: FhirClient['resourcesOrThrow']
}

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
  return wrapped as unknown as FhirPromiseClient
}
