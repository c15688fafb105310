import { type Clock, OpenwardError, systemClock } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { Client } from 'fhir-kit-client'

import { deadlineSignal, sleep } from '../internal/abort.js'
import { DEFAULT_RESPONSE_LIMITS, readBoundedText, type ResponseLimits } from '../internal/bounded-json.js'
import type { AuthProvider } from './auth-provider.js'
import { type FhirError, fhirError, type RequestSummary } from './fhir-error.js'
import { errorFromStatus, errorFromThrown, parseBody } from './response-errors.js'
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isIdempotentRequest,
  isRetryableError,
  type RetryPolicy,
} from './retry-policy.js'
import { checkTransportOptions } from './transport-options.js'

/** One HTTP interaction with the FHIR server. @category model */
export interface FhirRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'
  /** Relative to the base URL (`Observation?code=…`), or absolute (must be on the base origin). */
  readonly path: string
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** Overrides the idempotency rule of {@link isIdempotentRequest} (only to say `false`, in practice). */
  readonly idempotent?: boolean
  readonly signal?: AbortSignal
}

/** A successful response. `body` is undefined when the server sent none. @category model */
export interface FhirResponse {
  readonly status: number
  readonly body: unknown
  readonly etag?: string
  /** `Location` (else `Content-Location`), only when it is on the configured origin. */
  readonly location?: string
  /** How many attempts it took (1 = no retry). */
  readonly attempts: number
}

/** Options of {@link createTransport}. @category model */
export interface TransportOptions {
  /** e.g. `http://127.0.0.1:8103/fhir`. Requests, tokens and redirects are pinned to this origin. */
  readonly baseUrl: string
  readonly auth?: AuthProvider
  readonly retry?: Partial<RetryPolicy>
  /** Size, depth and redirect limits on responses (see {@link DEFAULT_RESPONSE_LIMITS}). */
  readonly limits?: Partial<ResponseLimits>
  /** Injectable for tests: the delay function. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Time source for deadlines and `Retry-After` dates (default `systemClock`). */
  readonly clock?: Clock
  /** @deprecated Use `clock`. */
  readonly now?: () => number
  readonly random?: () => number
  /** The fetch to use (default the global one); it is always called with `redirect: 'manual'`. */
  readonly fetch?: typeof fetch
}

/** @deprecated Renamed {@link TransportOptions}. @category model */
export type TransportConfig = TransportOptions

/** Sends requests with auth, safe retries, a deadline and typed errors. @category client */
export interface FhirTransport {
  readonly baseUrl: string
  readonly origin: string
  readonly send: (req: FhirRequest) => TE.TaskEither<FhirError, FhirResponse>
  /**
   * A fhir-kit-client instance on the same base, for calls we do not wrap: it never follows
   * redirects and attaches the token only to the base origin, but it has none of the transport's
   * size and depth limits, retries or typed errors.
   *
   * @deprecated Prefer `send`, which bounds what it reads.
   */
  readonly kit: FhirKitClient
}

/**
 * The part of fhir-kit-client's `Client` the escape hatch promises (`request` and `read`), written
 * structurally so our declarations never make a CommonJS project resolve that ES-module-only package.
 *
 * @category client
 */
export interface FhirKitClient {
  request(
    requestUrl: string,
    params?: { method?: string; options?: { headers?: Record<string, string> }; body?: unknown },
  ): Promise<unknown>
  read(params: { resourceType: string; id: string; options?: { headers?: Record<string, string> } }): Promise<unknown>
}

const SAFE_METHODS: ReadonlySet<string> = /* @__PURE__ */ new Set(['GET', 'HEAD'])
const REDIRECTS: ReadonlySet<number> = /* @__PURE__ */ new Set([301, 302, 303, 307, 308])

/**
 * Creates the transport. Each attempt is one `fetch` with `redirect: 'manual'`: the transport
 * decides about redirects itself (same origin and GET/HEAD only), reads at most
 * `limits.maxBodyBytes`, refuses JSON nested deeper than `limits.maxDepth` before parsing it, and
 * attaches the token only to URLs on the base origin. Settings are code: a base URL that is not
 * `http(s):`, carries credentials or a query, or a retry or response limit that is not a finite number
 * in range throws `OpenwardError` with an `InvalidField` ({@link checkTransportOptions} gives the
 * same verdict as an `Either`).
 *
 * @category client
 */
export function createTransport(options: TransportOptions): FhirTransport {
  const checked = checkTransportOptions(options)
  if (E.isLeft(checked)) throw new OpenwardError(checked.left)
  const { baseUrl, origin } = checked.right
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const limits: ResponseLimits = { ...DEFAULT_RESPONSE_LIMITS, ...options.limits }
  const clock: Clock = options.clock ?? (options.now === undefined ? systemClock : { now: options.now })
  const wait = options.sleep ?? sleep
  const doFetch: typeof fetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const kit = new Client({
    baseUrl,
    requestOptions: { redirect: 'manual' },
    requestSigner: kitSigner as (url: string, init: RequestInit) => void,
  })

  // For the fhir-kit-client escape hatch: the one place that sees its final URL.
  async function kitSigner(signedUrl: string, init: RequestInit): Promise<void> {
    if (new URL(signedUrl).origin !== origin) throw new Error(`refused ${signedUrl}: not on ${origin}`)
    init.redirect = 'manual'
    if (options.auth === undefined) return
    const auth = await options.auth.authorize(init.signal ?? undefined)()
    if (E.isLeft(auth)) throw new Error(auth.left.message)
    ;(init.headers as Headers).set('authorization', auth.right)
  }

  const expand = (path: string): string =>
    /^https?:\/\//i.test(path) ? path : `${baseUrl}/${path.replace(/^\/+/, '')}`

  // A Location we may report: relative, or absolute on our origin. Anything else is dropped.
  const pinnedLocation = (value: string | null, requestUrl: string): string | undefined => {
    if (value === null || !URL.canParse(value, requestUrl)) return undefined
    const url = new URL(value, requestUrl)
    return url.origin === origin ? url.href : undefined
  }

  type Attempt = { result: E.Either<FhirError, FhirResponse>; auth?: string }

  async function attempt(req: FhirRequest, signal: AbortSignal): Promise<Attempt> {
    let url = expand(req.path)
    let auth: string | undefined
    let body: string | undefined
    try {
      body = req.body === undefined ? undefined : JSON.stringify(req.body)
    } catch (e) {
      // A cyclic or absurdly deep value (say, a damaged queued entry) is refused, not thrown.
      const reason = e instanceof Error ? e.message : String(e)
      const request = { method: req.method, url }
      return {
        result: E.left(fhirError('BadRequest', `the request body cannot be serialised: ${reason}`, { request })),
      }
    }
    for (let hop = 0; ; hop++) {
      const summary: RequestSummary = { method: req.method, url }
      if (!URL.canParse(url))
        return { result: E.left(fhirError('BadRequest', `not a URL: ${url}`, { request: summary })) }
      if (new URL(url).origin !== origin)
        return { result: E.left(fhirError('UnsafeLink', `refused ${url}: not on ${origin}`, { request: summary })) }
      let headers: Headers
      try {
        headers = new Headers({ accept: 'application/fhir+json', ...req.headers })
        if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/fhir+json')
      } catch {
        return {
          result: E.left(fhirError('BadRequest', 'a request header is not a valid HTTP header', { request: summary })),
        }
      }
      if (options.auth !== undefined) {
        const granted = await options.auth.authorize(signal)()
        if (E.isLeft(granted)) return { result: E.left({ ...granted.left, request: summary } as FhirError) }
        auth = granted.right
        try {
          headers.set('authorization', auth)
        } catch {
          // Never echo the value: it is a credential.
          const message = 'the auth provider gave an Authorization value that is not a valid HTTP header'
          return withAuth(E.left(fhirError('AuthFailed', message, { request: summary })), auth)
        }
      }
      let response: Response
      let text: { ok: true; text: string } | { ok: false; bytes: number }
      try {
        response = await doFetch(url, {
          method: req.method,
          headers,
          signal,
          redirect: 'manual',
          ...(body === undefined ? {} : { body }),
        })
        if (isRedirect(response)) {
          await response.body?.cancel().catch(() => undefined)
          const next = redirectTarget(response, url)
          const refused = refuseRedirect(req.method, response, next, hop, summary)
          if (refused !== undefined) return withAuth(E.left(refused), auth)
          url = next!.href
          continue
        }
        text = await readBoundedText(response, limits.maxBodyBytes)
      } catch (thrown) {
        return withAuth(E.left(errorFromThrown(thrown, summary, signal.aborted)), auth)
      }
      return withAuth(interpret(response, text, summary), auth)
    }
  }

  function refuseRedirect(
    method: string,
    response: Response,
    next: URL | undefined,
    hop: number,
    request: RequestSummary,
  ): FhirError | undefined {
    const status = response.status
    const locationOrigin = response.type === 'opaqueredirect' ? 'hidden' : (next?.origin ?? 'none')
    const refuse = (why: string): FhirError =>
      fhirError('RedirectRefused', `${method} ${request.url}: HTTP ${status} redirect ${why}; not followed`, {
        request,
        status,
        locationOrigin,
      })
    if (next === undefined) return refuse(`to ${locationOrigin}`)
    if (next.origin !== origin) return refuse(`to another origin (${next.origin})`)
    if (!SAFE_METHODS.has(method)) return refuse('of a write (the body is never re-sent)')
    if (hop >= limits.maxRedirects) return refuse(`after ${limits.maxRedirects} redirects`)
    return undefined
  }

  function interpret(
    response: Response,
    text: { ok: true; text: string } | { ok: false; bytes: number },
    request: RequestSummary,
  ): E.Either<FhirError, FhirResponse> {
    const status = response.status
    const body = text.ok
      ? parseBody(text.text, response.headers.get('content-type'), limits)
      : E.left({ reason: 'too-large' as const, detail: `body over ${limits.maxBodyBytes} bytes; not read further` })
    if (status < 200 || status > 299)
      return E.left(errorFromStatus(status, request, body, response.headers.get('retry-after'), clock.now()))
    if (E.isLeft(body))
      return E.left(
        fhirError('InvalidResponse', `${request.method} ${request.url}: ${body.left.detail}`, {
          request,
          status,
          reason: body.left.reason,
        }),
      )
    const location = pinnedLocation(
      response.headers.get('location') ?? response.headers.get('content-location'),
      request.url,
    )
    const etag = response.headers.get('etag')
    return E.right({
      status,
      body: body.right,
      attempts: 0,
      ...(etag === null ? {} : { etag }),
      ...(location === undefined ? {} : { location }),
    })
  }

  const send =
    (req: FhirRequest): TE.TaskEither<FhirError, FhirResponse> =>
    async () => {
      const { signal, dispose } = deadlineSignal(req.signal, policy.deadlineMs)
      try {
        return await retryLoop(req, signal, { attempt, policy, clock, wait, options })
      } finally {
        dispose()
      }
    }

  return { baseUrl, origin, send, kit }
}

function isRedirect(response: Response): boolean {
  // Browsers hide a manual redirect as an opaque response with status 0.
  return response.type === 'opaqueredirect' || REDIRECTS.has(response.status)
}

function redirectTarget(response: Response, requestUrl: string): URL | undefined {
  const location = response.headers.get('location')
  if (location === null || !URL.canParse(location, requestUrl)) return undefined
  return new URL(location, requestUrl)
}

function withAuth(
  result: E.Either<FhirError, FhirResponse>,
  auth: string | undefined,
): { result: E.Either<FhirError, FhirResponse>; auth?: string } {
  return auth === undefined ? { result } : { result, auth }
}

interface LoopDeps {
  readonly attempt: (
    req: FhirRequest,
    signal: AbortSignal,
  ) => Promise<{ result: E.Either<FhirError, FhirResponse>; auth?: string }>
  readonly policy: RetryPolicy
  readonly clock: Clock
  readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly options: TransportOptions
}

// Attempts until success, an answer that must not be retried, the retry budget, or the deadline.
async function retryLoop(
  req: FhirRequest,
  signal: AbortSignal,
  deps: LoopDeps,
): Promise<E.Either<FhirError, FhirResponse>> {
  const idempotent = req.idempotent ?? isIdempotentRequest(req)
  const started = deps.clock.now()
  let reasserted = false
  for (let n = 0; ; n++) {
    const { result, auth } = await deps.attempt(req, signal)
    if (E.isRight(result)) return E.right({ ...result.right, attempts: n + 1 })
    const error = result.left
    // A 401 means the server did not act on the request, so re-sending even a POST is safe: once.
    if (
      error._tag === 'Unauthorized' &&
      error.status === 401 &&
      deps.options.auth !== undefined &&
      !reasserted &&
      auth !== undefined
    ) {
      reasserted = true
      deps.options.auth.invalidate(auth)
      continue
    }
    const delay = nextDelay(error, n, idempotent, started, deps)
    if (delay === undefined) return result
    try {
      await deps.wait(delay, signal)
    } catch {
      const request = error.request ?? { method: req.method, url: req.path }
      return E.left(fhirError('Aborted', `${req.method} ${req.path}: aborted while waiting to retry`, { request }))
    }
  }
}

function nextDelay(
  error: FhirError,
  n: number,
  idempotent: boolean,
  started: number,
  deps: LoopDeps,
): number | undefined {
  const { policy } = deps
  if (!idempotent || !isRetryableError(error) || n >= policy.maxRetries) return undefined
  const asked = 'retryAfterMs' in error ? error.retryAfterMs : undefined
  if (asked !== undefined && !(asked <= policy.maxRetryAfterMs)) return undefined
  const delay = asked ?? backoffDelay(n, policy, deps.options.random)
  if (deps.clock.now() - started + delay > policy.deadlineMs) return undefined
  return delay
}
