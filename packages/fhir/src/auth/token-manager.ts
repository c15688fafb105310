import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import * as t from 'io-ts'

import { type Clock, isOpenwardError, systemClock } from '@openward/core'

import type { AuthProvider } from '../client/auth-provider.js'
import { type FhirError, fhirError } from '../client/fhir-error.js'
import { parseBoundedJson, readBoundedText, sanitiseText } from '../internal/bounded-json.js'
import { localOutcome } from '../resources/operation-outcome.js'

/** Options of {@link createTokenManager}. @category auth */
export interface TokenManagerOptions {
  readonly tokenUrl: string
  /** Makes a fresh signed client assertion (see `nhsClientAssertion`, `smartBackendAssertion`). */
  readonly assertion: () => Promise<string>
  /** Requested scope (SMART backend services, e.g. `system/Observation.write`); NHS needs none. */
  readonly scope?: string
  /** Refresh this many seconds before `expires_in` runs out (default 60). */
  readonly skewSeconds?: number
  /** Time source for expiry (default `systemClock`). */
  readonly clock?: Clock
  /** @deprecated Use `clock`. */
  readonly now?: () => number
  /** The fetch to use (default the global one); always called with `redirect: 'manual'`. */
  readonly fetch?: typeof fetch
}

/** @deprecated Renamed {@link TokenManagerOptions}. @category auth */
export type TokenManagerConfig = TokenManagerOptions

// A token response is a few kilobytes; anything far larger or deeper is not one (RFC 6749 §5.1).
const TOKEN_LIMITS = { maxBodyBytes: 64 * 1024, maxDepth: 8 }

/** An access-token manager: an {@link AuthProvider} plus counters for observability. @category auth */
export interface TokenManager extends AuthProvider {
  /** How many token requests were made (successful or not). Never the token itself. */
  readonly fetches: () => number
}

// OAuth 2.0 token response (RFC 6749 §5.1). NHS sends `expires_in` as a string ("599").
const TokenResponse = /* @__PURE__ */ t.intersection([
  t.type({ access_token: t.string, expires_in: t.union([t.string, t.number]) }),
  t.partial({ token_type: t.string }),
])

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/**
 * Gets and caches access tokens with the client-credentials grant and a signed client assertion.
 * Caches for `expires_in` minus the skew; concurrent callers share one request (single flight);
 * `invalidate` (called on a 401) drops the token so the next call asserts anew. Error messages and
 * outcomes carry the endpoint's error text, never an assertion or a token.
 *
 * @category auth
 */
export function createTokenManager(config: TokenManagerOptions): TokenManager {
  const clock: Clock = config.clock ?? (config.now === undefined ? systemClock : { now: config.now })
  const now = (): number => clock.now()
  const tokenOrigin = URL.canParse(config.tokenUrl) ? new URL(config.tokenUrl).origin : config.tokenUrl
  const skewMs = (config.skewSeconds ?? 60) * 1000
  let cached: { header: string; expiresAt: number } | undefined
  let inflight: Promise<E.Either<FhirError, string>> | undefined
  let count = 0

  async function fetchToken(signal?: AbortSignal): Promise<E.Either<FhirError, string>> {
    count++
    const doFetch = config.fetch ?? fetch
    let assertion: string
    try {
      assertion = await config.assertion()
    } catch (e) {
      // An OpenwardError (nhsClientAssertion, smartBackendAssertion) carries the tagged error's own message.
      const why = isOpenwardError(e) ? e.error.message : e instanceof Error ? e.message : 'unknown'
      return E.left(authFailed(`could not sign the client assertion: ${why}`))
    }
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion,
    })
    if (config.scope !== undefined) form.set('scope', config.scope)
    try {
      const res = await doFetch(config.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        // The assertion is a credential: it is never re-sent to wherever a redirect points.
        redirect: 'manual',
        ...(signal === undefined ? {} : { signal }),
      })
      if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
        await res.body?.cancel().catch(() => undefined)
        return E.left(redirectRefused(res, config.tokenUrl, tokenOrigin))
      }
      const read = await readBoundedText(res, TOKEN_LIMITS.maxBodyBytes)
      if (!read.ok) return E.left(authFailed(`token response over ${TOKEN_LIMITS.maxBodyBytes} bytes`, res.status))
      const text = read.text
      if (!res.ok)
        return E.left(authFailed(`token endpoint answered ${res.status}: ${describeOAuthError(text)}`, res.status))
      return E.chain((body: t.TypeOf<typeof TokenResponse>) => cache(body))(decodeToken(text))
    } catch (e) {
      return E.left(authFailed(`token endpoint unreachable: ${e instanceof Error ? e.message : 'unknown'}`))
    }
  }

  function cache(body: t.TypeOf<typeof TokenResponse>): E.Either<FhirError, string> {
    const seconds = Number(body.expires_in)
    if (!Number.isFinite(seconds) || seconds <= 0) return E.left(authFailed('token response has no usable expires_in'))
    // RFC 6750 §2.1 b64token: anything else (spaces, CR/LF) is not a bearer token and must not
    // reach a header.
    if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(body.access_token))
      return E.left(authFailed('token response access_token is not an RFC 6750 bearer token'))
    const header = `Bearer ${body.access_token}`
    cached = { header, expiresAt: now() + Math.max(0, seconds * 1000 - skewMs) }
    return E.right(header)
  }

  const authorize =
    (signal?: AbortSignal): TE.TaskEither<FhirError, string> =>
    async () => {
      if (cached !== undefined && now() < cached.expiresAt) return E.right(cached.header)
      inflight ??= fetchToken(signal).finally(() => {
        inflight = undefined
      })
      return inflight
    }

  return {
    authorize,
    invalidate: (header) => {
      if (cached?.header === header) cached = undefined
    },
    fetches: () => count,
  }
}

function redirectRefused(res: Response, tokenUrl: string, tokenOrigin: string): FhirError {
  const location = res.headers.get('location')
  const target = location !== null && URL.canParse(location, tokenUrl) ? new URL(location, tokenUrl) : undefined
  const locationOrigin = res.type === 'opaqueredirect' ? 'hidden' : (target?.origin ?? 'none')
  const where = locationOrigin === tokenOrigin ? 'the same origin' : locationOrigin
  return fhirError(
    'RedirectRefused',
    `token endpoint answered HTTP ${res.status} redirecting to ${where}; not followed (the client assertion is never re-sent)`,
    { status: res.status, locationOrigin, request: { method: 'POST', url: tokenUrl } },
  )
}

function decodeToken(text: string): E.Either<FhirError, t.TypeOf<typeof TokenResponse>> {
  const parsed = parseBoundedJson(text, TOKEN_LIMITS)
  if (!parsed.ok)
    return E.left(
      authFailed(
        parsed.reason === 'malformed-json'
          ? 'token endpoint sent a body that is not JSON'
          : `token response refused: ${parsed.reason}`,
      ),
    )
  const json = parsed.value
  return E.mapLeft(() => authFailed('token response lacks access_token or expires_in'))(TokenResponse.decode(json))
}

// Only the RFC 6749 §5.2 `error` / `error_description` fields: the body could echo anything.
function describeOAuthError(text: string): string {
  const parsed = parseBoundedJson(text, TOKEN_LIMITS)
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return 'non-JSON error body'
  const body = parsed.value as { error?: unknown; error_description?: unknown }
  const parts = [body.error, body.error_description].filter((p): p is string => typeof p === 'string')
  return parts.length > 0 ? sanitiseText(parts.join(': '), 300) : 'no OAuth error'
}

function authFailed(message: string, status?: number): FhirError {
  return fhirError('AuthFailed', message, {
    outcome: localOutcome('login', message),
    ...(status === undefined ? {} : { status }),
  })
}

/**
 * A fixed bearer token (for servers that issue long-lived tokens, and tests). A 401 is re-tried
 * once with the same token and then surfaces as `Unauthorized`.
 *
 * @category auth
 */
export function staticBearer(token: string): AuthProvider {
  const header = `Bearer ${token}`
  return { authorize: () => TE.right(header), invalidate: () => undefined }
}
