import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import * as t from 'io-ts'

import type { AuthProvider } from '../client/auth-provider.js'
import { type FhirError, fhirError } from '../client/fhir-error.js'
import { localOutcome } from '../resources/operation-outcome.js'

/** Token manager configuration. @category auth */
export interface TokenManagerConfig {
  readonly tokenUrl: string
  /** Makes a fresh signed client assertion (see `nhsClientAssertion`, `smartBackendAssertion`). */
  readonly assertion: () => Promise<string>
  /** Requested scope (SMART backend services, e.g. `system/Observation.write`); NHS needs none. */
  readonly scope?: string
  /** Refresh this many seconds before `expires_in` runs out (default 60). */
  readonly skewSeconds?: number
  readonly now?: () => number
  /** The fetch to use (default the global one). */
  readonly fetch?: typeof fetch
}

/** An access-token manager: an {@link AuthProvider} plus counters for observability. @category auth */
export interface TokenManager extends AuthProvider {
  /** How many token requests were made (successful or not). Never the token itself. */
  readonly fetches: () => number
}

// OAuth 2.0 token response (RFC 6749 §5.1). NHS sends `expires_in` as a string ("599").
const TokenResponse = t.intersection([
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
export function createTokenManager(config: TokenManagerConfig): TokenManager {
  const now = config.now ?? (() => Date.now())
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
      return E.left(authFailed(`could not sign the client assertion: ${e instanceof Error ? e.message : 'unknown'}`))
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
        ...(signal === undefined ? {} : { signal }),
      })
      const text = await res.text()
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

function decodeToken(text: string): E.Either<FhirError, t.TypeOf<typeof TokenResponse>> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return E.left(authFailed('token endpoint sent a body that is not JSON'))
  }
  return E.mapLeft(() => authFailed('token response lacks access_token or expires_in'))(TokenResponse.decode(json))
}

// Only the RFC 6749 §5.2 `error` / `error_description` fields: the body could echo anything.
function describeOAuthError(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown }
    const parts = [body.error, body.error_description].filter((p): p is string => typeof p === 'string')
    return parts.length > 0 ? parts.join(': ') : 'no OAuth error'
  } catch {
    return 'non-JSON error body'
  }
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
