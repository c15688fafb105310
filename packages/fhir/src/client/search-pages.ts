import { OpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { Observable } from 'rxjs'

import { Bundle, bundleLink } from '../resources/bundle.js'
import { decodeBody } from './decode-response.js'
import { type FhirError, fhirError } from './fhir-error.js'
import type { FhirTransport } from './fhir-transport.js'
import { queryString, type SearchQuery } from './search-query.js'

/** Paging limits and safety. @category model */
export interface PagingOptions {
  /** `_count` to ask for (the server may cap it). */
  readonly pageSize?: number
  /** Most pages to fetch (default 1000); more pages left → `LimitReached`. */
  readonly maxPages?: number
  /** Most resources to yield (default 100_000); more left → `LimitReached`. */
  readonly maxResources?: number
  /**
   * What to do with a `next` link on another origin: `refuse` (default: `UnsafeLink`, nothing sent)
   * or `rewrite` it onto the configured origin (for gateways that report an internal host name).
   */
  readonly foreignNextLink?: 'refuse' | 'rewrite'
  readonly signal?: AbortSignal
}

/**
 * Pins a `next` link to the configured base: same origin, or rewritten onto it when allowed.
 * Runs before the request, so the token never leaves for a foreign host.
 *
 * @category search
 */
export function pinNextLink(link: string, baseUrl: string, mode: 'refuse' | 'rewrite'): E.Either<FhirError, string> {
  let url: URL
  try {
    url = new URL(link, `${baseUrl}/`)
  } catch {
    return E.left(fhirError('InvalidResponse', `next link is not a URL: ${link}`, { reason: 'unexpected-resource' }))
  }
  const base = new URL(baseUrl)
  // The link must stay under the FHIR base path too: a `next` to `/admin/…` on the same host is
  // not a page of this search.
  const basePath = base.pathname.replace(/\/+$/, '')
  const underBase = (path: string): boolean => basePath === '' || path === basePath || path.startsWith(`${basePath}/`)
  if (!underBase(url.pathname))
    return E.left(fhirError('UnsafeLink', `refused next link outside the FHIR base ${baseUrl}: ${url.pathname}`))
  if (url.username !== '' || url.password !== '')
    return E.left(fhirError('UnsafeLink', 'refused next link carrying credentials'))
  if (url.origin === base.origin) return E.right(url.href)
  if (mode === 'rewrite') return E.right(`${base.origin}${url.pathname}${url.search}`)
  return E.left(fhirError('UnsafeLink', `refused next link to ${url.origin}: the client is pinned to ${base.origin}`))
}

async function* pages(
  transport: FhirTransport,
  type: string,
  query: SearchQuery,
  options: PagingOptions,
): AsyncGenerator<E.Either<FhirError, Bundle>> {
  const maxPages = options.maxPages ?? 1000
  const sized = options.pageSize === undefined ? query : [...query, ['_count', String(options.pageSize)] as const]
  let path: string | undefined = `${type}${sized.length > 0 ? `?${queryString(sized)}` : ''}`
  const seen = new Set<string>()
  for (let n = 0; path !== undefined; n++) {
    if (n >= maxPages) return yield E.left(fhirError('LimitReached', `more than ${maxPages} pages`))
    seen.add(path)
    const res = await transport.send({ method: 'GET', path, ...(options.signal ? { signal: options.signal } : {}) })()
    const page = E.chain((r: Parameters<typeof decodeBody>[1]) => decodeBody(Bundle, r))(res)
    yield page
    if (E.isLeft(page)) return
    const next = bundleLink(page.right, 'next')
    if (next === undefined) return
    const pinned = pinNextLink(next, transport.baseUrl, options.foreignNextLink ?? 'refuse')
    if (E.isLeft(pinned)) return yield pinned
    if (seen.has(pinned.right))
      return yield E.left(
        fhirError('InvalidResponse', `paging loop at ${pinned.right}`, { reason: 'unexpected-resource' }),
      )
    path = pinned.right
  }
}

/**
 * Search result pages as an async iterable of `Either`, following `next` links pinned to the
 * configured origin and base path. A failure is one `Left`, after which the iteration ends (the
 * paged-read shape of docs/architecture.md "Errors: one failure convention").
 *
 * @example
 * for await (const page of searchPages(transport, 'Observation', vitalSignsQuery(...)!, { pageSize: 100 })) …
 * @category search
 */
export function searchPages(
  transport: FhirTransport,
  type: string,
  query: SearchQuery,
  options: PagingOptions = {},
): AsyncGenerator<E.Either<FhirError, Bundle>> {
  return pages(transport, type, query, options)
}

/** {@link searchPages} that throws an {@link OpenwardError} whose `error` is the {@link FhirError}. @category search */
export async function* searchPagesOrThrow(
  transport: FhirTransport,
  type: string,
  query: SearchQuery,
  options: PagingOptions = {},
): AsyncGenerator<Bundle> {
  for await (const page of pages(transport, type, query, options)) {
    if (E.isLeft(page)) throw new OpenwardError(page.left)
    yield page.right
  }
}

/**
 * The matching resources of every page (entries with `search.mode` `include`/`outcome` skipped),
 * each decoded with `codec`, as `Either`s; ends with one `Left` (`LimitReached` past
 * `maxResources`, or the first failure).
 *
 * @category search
 */
export async function* searchResources<A>(
  transport: FhirTransport,
  codec: t.Type<A, unknown, unknown>,
  query: SearchQuery,
  options: PagingOptions & { readonly type: string },
): AsyncGenerator<E.Either<FhirError, A>> {
  const max = options.maxResources ?? 100_000
  let count = 0
  for await (const page of pages(transport, options.type, query, options)) {
    if (E.isLeft(page)) return yield page
    for (const entry of page.right.entry ?? []) {
      if (entry.resource === undefined || (entry.search?.mode !== undefined && entry.search.mode !== 'match')) continue
      if (count >= max) return yield E.left(fhirError('LimitReached', `more than ${max} resources`))
      const decoded = decodeBody(codec, { status: 200, body: entry.resource, attempts: 1 })
      if (E.isLeft(decoded)) return yield decoded
      count++
      yield decoded
    }
  }
}

/** {@link searchResources} that throws an {@link OpenwardError} whose `error` is the {@link FhirError}. @category search */
export async function* searchResourcesOrThrow<A>(
  transport: FhirTransport,
  codec: t.Type<A, unknown, unknown>,
  query: SearchQuery,
  options: PagingOptions & { readonly type: string },
): AsyncGenerator<A> {
  for await (const r of searchResources(transport, codec, query, options)) {
    if (E.isLeft(r)) throw new OpenwardError(r.left)
    yield r.right
  }
}

/**
 * The pages of {@link searchPages} as an Observable; a failure ends it on the error channel with an
 * {@link OpenwardError} whose `error` is the {@link FhirError} (docs/architecture.md, one failure convention).
 * Unsubscribing stops paging after the request in flight.
 *
 * @category search
 */
export function searchPages$(
  transport: FhirTransport,
  type: string,
  query: SearchQuery,
  options: PagingOptions = {},
): Observable<Bundle> {
  return new Observable<Bundle>((subscriber) => {
    const controller = new AbortController()
    const signal = options.signal === undefined ? controller.signal : anySignal(options.signal, controller.signal)
    void (async () => {
      for await (const page of pages(transport, type, query, { ...options, signal })) {
        if (subscriber.closed) return
        if (E.isLeft(page)) return subscriber.error(new OpenwardError(page.left))
        subscriber.next(page.right)
      }
      subscriber.complete()
    })()
    return () => controller.abort()
  })
}

function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  const c = new AbortController()
  for (const s of [a, b]) {
    if (s.aborted) c.abort(s.reason)
    else s.addEventListener('abort', () => c.abort(s.reason), { once: true })
  }
  return c.signal
}
