import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type * as t from 'io-ts'

import { Bundle } from '../resources/bundle.js'
import type { R4ResourceType } from '../resources/resource-type.js'
import type { Observation } from '../resources/observation.js'
import { decodeBody } from './decode-response.js'
import type { FhirError } from './fhir-error.js'
import { createTransport, type FhirResponse, type FhirTransport, type TransportOptions } from './fhir-transport.js'
import {
  type PagingOptions,
  searchPages,
  searchPages$,
  searchPagesOrThrow,
  searchResources,
  searchResourcesOrThrow,
} from './search-pages.js'
import { queryString, type SearchQuery } from './search-query.js'
import { type WriteCounts, writeObservations, type WriteObservationsOptions } from './write-observations.js'

/** A resource with the version the server gave it (from `ETag`, else `meta.versionId`). @category model */
export interface Versioned<A> {
  readonly resource: A
  /** The version id, unquoted (`W/"3"` → `3`); pass it back as `ifMatch`. */
  readonly versionId?: string
  /** `true` when a conditional create found an existing match (HTTP 200) instead of creating (201). */
  readonly existing?: boolean
}

/** A resource codec: decodes `unknown` to `A`, encodes to plain JSON. @category model */
export type ResourceCodec<A> = t.Type<A, unknown, unknown>

/** The least a resource needs for the client to write it: its type, and its id and version for updates. @category model */
export type WritableResource = {
  readonly resourceType: string
  readonly id?: string
  readonly meta?: { readonly versionId?: string }
}

/** Per-call options. @category model */
export interface CallOptions {
  readonly signal?: AbortSignal
}

/**
 * The typed FHIR client: every call returns a `TaskEither<FhirError, …>` and decodes the response
 * with an io-ts codec. Reads, updates, deletes and conditional creates are retried safely; a plain
 * `create` is never retried (use `createIfNoneExist` for idempotent creates).
 *
 * @category client
 */
export interface FhirClient {
  readonly transport: FhirTransport
  read<A>(
    codec: ResourceCodec<A>,
    type: R4ResourceType,
    id: string,
    options?: CallOptions,
  ): TE.TaskEither<FhirError, Versioned<A>>
  /** Plain POST: sent once, never retried. */
  create<A extends WritableResource>(
    codec: ResourceCodec<A>,
    resource: A,
    options?: CallOptions,
  ): TE.TaskEither<FhirError, Versioned<A>>
  /** Conditional create (`If-None-Exist: query`): idempotent, retried. */
  createIfNoneExist<A extends WritableResource>(
    codec: ResourceCodec<A>,
    resource: A,
    query: SearchQuery,
    options?: CallOptions,
  ): TE.TaskEither<FhirError, Versioned<A>>
  /** PUT `Type/id`, with `If-Match` when `ifMatch` is given: a stale version fails with `Conflict` (412). */
  update<A extends WritableResource>(
    codec: ResourceCodec<A>,
    resource: A,
    options?: CallOptions & { readonly ifMatch?: string },
  ): TE.TaskEither<FhirError, Versioned<A>>
  delete(type: R4ResourceType, id: string, options?: CallOptions): TE.TaskEither<FhirError, void>
  /** One search page (the first). Use `pages`/`resources` to follow `next` links. */
  search(type: R4ResourceType, query: SearchQuery, options?: CallOptions): TE.TaskEither<FhirError, Bundle>
  /** POST a transaction or batch Bundle (retried only when every entry is idempotent). */
  transaction(bundle: Bundle, options?: CallOptions): TE.TaskEither<FhirError, Bundle>
  writeObservations(
    observations: readonly Observation[],
    options?: WriteObservationsOptions,
  ): TE.TaskEither<FhirError, WriteCounts>
  /** Every page, following pinned `next` links: `Either`s, ending with one `Left` on failure. */
  pages(type: R4ResourceType, query: SearchQuery, options?: PagingOptions): AsyncGenerator<E.Either<FhirError, Bundle>>
  /** {@link FhirClient.pages} that throws an `OpenwardError` instead of yielding a `Left`. */
  pagesOrThrow(type: R4ResourceType, query: SearchQuery, options?: PagingOptions): AsyncGenerator<Bundle>
  pages$(type: R4ResourceType, query: SearchQuery, options?: PagingOptions): ReturnType<typeof searchPages$>
  /** The matching resources of every page, decoded: `Either`s, ending with one `Left` on failure. */
  resources<A>(
    codec: ResourceCodec<A>,
    type: R4ResourceType,
    query: SearchQuery,
    options?: PagingOptions,
  ): AsyncGenerator<E.Either<FhirError, A>>
  /** {@link FhirClient.resources} that throws an `OpenwardError` instead of yielding a `Left`. */
  resourcesOrThrow<A>(
    codec: ResourceCodec<A>,
    type: R4ResourceType,
    query: SearchQuery,
    options?: PagingOptions,
  ): AsyncGenerator<A>
}

/** `W/"3"` → `3`. @category client */
export function versionFromEtag(etag: string | undefined): string | undefined {
  const m = etag === undefined ? null : /^(?:W\/)?"([^"]*)"$/.exec(etag.trim())
  return m?.[1]
}

/** `…/Type/id/_history/v` or `…/Type/id` from a Location header. */
function idFromLocation(location: string | undefined): { id?: string; versionId?: string } {
  const m =
    location === undefined ? null : /\/([^/]+?)(?:\/_history\/([^/]+))?$/.exec(new URL(location, 'http://x').pathname)
  if (m === null) return {}
  return { ...(m[1] === undefined ? {} : { id: m[1] }), ...(m[2] === undefined ? {} : { versionId: m[2] }) }
}

// A write answered 200/201 with no body (a server ignoring `Prefer: return=representation`): the
// resource is what we sent, with the id and version from `Location`/`ETag`.
function withSentResource<A>(res: FhirResponse, sent: A | undefined): FhirResponse {
  if (res.body !== undefined || sent === undefined || res.status < 200 || res.status > 201) return res
  const { id, versionId } = idFromLocation(res.location)
  const meta = versionId === undefined ? {} : { meta: { ...(sent as { meta?: object }).meta, versionId } }
  return { ...res, body: { ...sent, ...(id === undefined ? {} : { id }), ...meta } }
}

function versioned<A>(codec: ResourceCodec<A>, sent?: A) {
  return (raw: FhirResponse): E.Either<FhirError, Versioned<A>> => {
    const res = withSentResource(raw, sent === undefined ? undefined : codec.encode(sent))
    return pipe(
      decodeBody(codec, res),
      E.map((resource) => {
        const meta = (resource as { meta?: { versionId?: string } }).meta
        const versionId = versionFromEtag(res.etag) ?? meta?.versionId
        return {
          resource,
          ...(versionId === undefined ? {} : { versionId }),
          ...(res.status === 200 ? { existing: true } : {}),
        }
      }),
    )
  }
}

const sig = (o?: CallOptions): { signal?: AbortSignal } => (o?.signal === undefined ? {} : { signal: o.signal })

/**
 * Creates a typed client over a transport (or a transport config).
 *
 * @example
 * const client = createFhirClient({ baseUrl: sandbox.baseUrl, auth: tokenManager })
 * const patient = await client.read(Patient, 'Patient', '123')()
 * @category client
 */
export function createFhirClient(config: TransportOptions | FhirTransport): FhirClient {
  const transport = 'send' in config ? config : createTransport(config)
  const send = transport.send
  const prefer = { prefer: 'return=representation' }
  return {
    transport,
    read: (codec, type, id, o) =>
      pipe(
        send({ method: 'GET', path: `${type}/${encodeURIComponent(id)}`, ...sig(o) }),
        TE.chainEitherK(versioned(codec)),
      ),
    create: (codec, resource, o) =>
      pipe(
        send({
          method: 'POST',
          path: resource.resourceType,
          body: codec.encode(resource),
          headers: prefer,
          idempotent: false,
          ...sig(o),
        }),
        TE.chainEitherK(versioned(codec, resource)),
      ),
    createIfNoneExist: (codec, resource, query, o) =>
      pipe(
        send({
          method: 'POST',
          path: resource.resourceType,
          body: codec.encode(resource),
          headers: { ...prefer, 'if-none-exist': queryString(query) },
          ...sig(o),
        }),
        TE.chainEitherK(versioned(codec, resource)),
      ),
    update: (codec, resource, o) => {
      const headers: Record<string, string> = { ...prefer }
      if (o?.ifMatch !== undefined) headers['if-match'] = `W/"${o.ifMatch}"`
      const path = `${resource.resourceType}/${encodeURIComponent(resource.id ?? '')}`
      return pipe(
        send({ method: 'PUT', path, body: codec.encode(resource), headers, ...sig(o) }),
        TE.chainEitherK(versioned(codec, resource)),
      )
    },
    delete: (type, id, o) =>
      pipe(
        send({ method: 'DELETE', path: `${type}/${encodeURIComponent(id)}`, ...sig(o) }),
        TE.map(() => undefined),
      ),
    search: (type, query, o) =>
      pipe(
        send({ method: 'GET', path: query.length === 0 ? type : `${type}?${queryString(query)}`, ...sig(o) }),
        TE.chainEitherK((r) => decodeBody(Bundle, r)),
      ),
    transaction: (bundle, o) =>
      pipe(
        send({ method: 'POST', path: '', body: bundle, ...sig(o) }),
        TE.chainEitherK((r) => decodeBody(Bundle, r)),
      ),
    writeObservations: (observations, options) => writeObservations(transport, observations, options),
    pages: (type, query, options) => searchPages(transport, type, query, options),
    pages$: (type, query, options) => searchPages$(transport, type, query, options),
    pagesOrThrow: (type, query, options) => searchPagesOrThrow(transport, type, query, options),
    resources: (codec, type, query, options) => searchResources(transport, codec, query, { ...options, type }),
    resourcesOrThrow: (codec, type, query, options) =>
      searchResourcesOrThrow(transport, codec, query, { ...options, type }),
  }
}
