import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { Client } from 'fhir-kit-client'

import { deadlineSignal, sleep } from '../internal/abort.js'
import type { AuthProvider } from './auth-provider.js'
import { type FhirError, fhirError, type RequestSummary } from './fhir-error.js'
import { errorFromThrown } from './response-errors.js'
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isIdempotentRequest,
  isRetryableError,
  type RetryPolicy,
} from './retry-policy.js'

/** One HTTP interaction with the FHIR server. @category model */
export interface FhirRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'
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
  readonly location?: string
  /** How many attempts it took (1 = no retry). */
  readonly attempts: number
}

/** Transport configuration. @category model */
export interface TransportConfig {
  /** e.g. `http://127.0.0.1:8103/fhir`. Tokens are only ever sent to this origin. */
  readonly baseUrl: string
  readonly auth?: AuthProvider
  readonly retry?: Partial<RetryPolicy>
  /** Injectable for tests: delay function and clock. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly now?: () => number
  readonly random?: () => number
}

/** Sends requests with auth, safe retries, a deadline and typed errors. @category client */
export interface FhirTransport {
  readonly baseUrl: string
  readonly origin: string
  readonly send: (req: FhirRequest) => TE.TaskEither<FhirError, FhirResponse>
  /** The underlying fhir-kit-client instance (for calls we do not wrap). */
  readonly kit: Client
}

/**
 * Creates the transport: fhir-kit-client underneath, with our token injected through its
 * `requestSigner`, which also refuses to attach a token to any URL outside the base origin.
 *
 * @category client
 */
export function createTransport(config: TransportConfig): FhirTransport {
  const baseUrl = config.baseUrl.replace(/\/+$/, '')
  const origin = new URL(baseUrl).origin
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...config.retry }
  const now = config.now ?? (() => Date.now())
  const wait = config.sleep ?? sleep
  const kit = new Client({ baseUrl, requestSigner: signRequest as (url: string, init: RequestInit) => void })
  // Which header value each attempt sent, so a 401 invalidates exactly that token.
  const sentAuth = new Map<string, string>()
  let attemptSeq = 0

  // fhir-kit-client awaits this right before fetch: the one place that sees the final URL, so it
  // is where the token is attached, and where a foreign origin is refused before any token leaves.
  async function signRequest(signedUrl: string, init: RequestInit): Promise<void> {
    const headers = init.headers as Headers
    const id = headers.get(ATTEMPT_HEADER)
    headers.delete(ATTEMPT_HEADER)
    if (new URL(signedUrl).origin !== origin)
      throw new SignerRefusal(fhirError('UnsafeLink', `refused ${signedUrl}: not on ${origin}`))
    if (config.auth === undefined || id === null) return
    const auth = await config.auth.authorize(init.signal ?? undefined)()
    if (E.isLeft(auth)) throw new SignerRefusal(auth.left)
    sentAuth.set(id, auth.right)
    headers.set('authorization', auth.right)
  }

  const expand = (path: string): string =>
    /^https?:\/\//i.test(path) ? path : `${baseUrl}/${path.replace(/^\/+/, '')}`

  async function attempt(
    req: FhirRequest,
    signal: AbortSignal,
  ): Promise<{ result: E.Either<FhirError, FhirResponse>; auth?: string }> {
    const url = expand(req.path)
    const summary: RequestSummary = { method: req.method, url }
    if (!URL.canParse(url))
      return { result: E.left(fhirError('BadRequest', `not a URL: ${url}`, { request: summary })) }
    if (new URL(url).origin !== origin)
      return { result: E.left(fhirError('UnsafeLink', `refused ${url}: not on ${origin}`, { request: summary })) }
    const id = String(++attemptSeq)
    const headers: Record<string, string> = { ...req.headers, [ATTEMPT_HEADER]: id }
    if (req.body !== undefined) headers['content-type'] ??= 'application/fhir+json'
    try {
      const data = await kit.request(url, {
        method: req.method,
        options: { headers, signal, keepalive: false },
        body: req.body,
      })
      const response = Client.httpFor(data).response
      const res: FhirResponse = {
        status: response?.status ?? 200,
        body: Object.keys(data).length === 0 ? undefined : data,
        attempts: 0,
        ...optionalHeader('etag', response?.headers.get('etag')),
        ...optionalHeader('location', response?.headers.get('location') ?? response?.headers.get('content-location')),
      }
      return withAuth(E.right(res), id)
    } catch (thrown) {
      if (thrown instanceof SignerRefusal)
        return withAuth(E.left({ ...thrown.error, request: summary } as FhirError), id)
      return withAuth(E.left(errorFromThrown(thrown, summary, signal.aborted, now())), id)
    }
  }

  function withAuth(
    result: E.Either<FhirError, FhirResponse>,
    id: string,
  ): { result: E.Either<FhirError, FhirResponse>; auth?: string } {
    const auth = sentAuth.get(id)
    sentAuth.delete(id)
    return auth === undefined ? { result } : { result, auth }
  }

  const send =
    (req: FhirRequest): TE.TaskEither<FhirError, FhirResponse> =>
    async () => {
      const { signal, dispose } = deadlineSignal(req.signal, policy.deadlineMs)
      try {
        return await retryLoop(req, signal, { attempt, policy, now, wait, config })
      } finally {
        dispose()
      }
    }

  return { baseUrl, origin, send, kit }
}

interface LoopDeps {
  readonly attempt: (
    req: FhirRequest,
    signal: AbortSignal,
  ) => Promise<{ result: E.Either<FhirError, FhirResponse>; auth?: string }>
  readonly policy: RetryPolicy
  readonly now: () => number
  readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly config: TransportConfig
}

// Attempts until success, an answer that must not be retried, the retry budget, or the deadline.
async function retryLoop(
  req: FhirRequest,
  signal: AbortSignal,
  deps: LoopDeps,
): Promise<E.Either<FhirError, FhirResponse>> {
  const idempotent = req.idempotent ?? isIdempotentRequest(req)
  const started = deps.now()
  let reasserted = false
  for (let n = 0; ; n++) {
    const { result, auth } = await deps.attempt(req, signal)
    if (E.isRight(result)) return E.right({ ...result.right, attempts: n + 1 })
    const error = result.left
    // A 401 means the server did not act on the request, so re-sending even a POST is safe: once.
    if (
      error._tag === 'Unauthorized' &&
      error.status === 401 &&
      deps.config.auth !== undefined &&
      !reasserted &&
      auth !== undefined
    ) {
      reasserted = true
      deps.config.auth.invalidate(auth)
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
  if (asked !== undefined && asked > policy.maxRetryAfterMs) return undefined
  const delay = asked ?? backoffDelay(n, policy, deps.config.random)
  if (deps.now() - started + delay > policy.deadlineMs) return undefined
  return delay
}

const ATTEMPT_HEADER = 'x-openward-attempt'

class SignerRefusal extends Error {
  constructor(readonly error: FhirError) {
    super(error.message)
  }
}

function optionalHeader<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value == null ? {} : ({ [key]: value } as Record<K, string>)
}
