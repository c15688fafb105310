import { type JsonWebKey, randomBytes } from 'node:crypto'

import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload } from 'jose'

/**
 * A client the mock token endpoint knows: its id (the NHS "API key") and its public key.
 *
 * @category Auth
 */
export interface SandboxClient {
  readonly clientId: string
  readonly publicJwk: JsonWebKey & { kid: string }
}

/**
 * Mock-token-endpoint settings.
 *
 * @category Auth
 */
export interface SandboxAuthOptions {
  readonly clients: readonly SandboxClient[]
  /** Lifetime of issued access tokens (default 599 s, as NHS England's endpoint). */
  readonly tokenLifetimeSeconds?: number
}

/** An OAuth 2.0 error (RFC 6749 §5.2) with the HTTP status the NHS endpoint uses. */
export interface OAuthError {
  readonly status: number
  readonly error: string
  readonly description: string
}

export type TokenResult =
  | { readonly ok: true; readonly body: { access_token: string; expires_in: string; token_type: 'bearer' } }
  | { readonly ok: false; readonly error: OAuthError }

/** RS512 is NHS England's only algorithm; RS384 and ES384 are SMART Backend Services'. */
export const ACCEPTED_ALGORITHMS = ['RS512', 'RS384', 'ES384'] as const
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
/** NHS England: `exp` at most 5 minutes ahead. */
const MAX_EXP_AHEAD_SECONDS = 300

/**
 * The mock NHS England token endpoint ("Application-restricted RESTful APIs – signed JWT
 * authentication"; spec note fhir.md §3.1): client_credentials with a signed client assertion,
 * the identity service's error strings, one-time `jti`, and opaque bearer tokens.
 */
export class TokenService {
  private readonly tokens = new Map<string, number>()
  private readonly usedJti = new Map<string, number>()
  private readonly lifetime: number

  constructor(
    private readonly options: SandboxAuthOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.lifetime = options.tokenLifetimeSeconds ?? 599
  }

  /** True if `authorization` carries a live token this endpoint issued. */
  checkBearer(authorization: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
    const expiresAt = match?.[1] ? this.tokens.get(match[1]) : undefined
    return expiresAt !== undefined && expiresAt > this.now()
  }

  /** Revokes every issued token and forgets used jtis (sandbox reset). */
  clear(): void {
    this.tokens.clear()
    this.usedJti.clear()
  }

  async issue(form: URLSearchParams, tokenUrl: string): Promise<TokenResult> {
    if (form.get('grant_type') !== 'client_credentials')
      return fail(400, 'unsupported_grant_type', 'grant_type is missing or invalid')
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return fail(400, 'invalid_request', `Missing or invalid client_assertion_type - must be '${ASSERTION_TYPE}'`)
    }
    const jwt = form.get('client_assertion')
    if (!jwt) return fail(400, 'invalid_request', 'Missing client_assertion')
    let header: ReturnType<typeof decodeProtectedHeader>
    let claims: JWTPayload
    try {
      header = decodeProtectedHeader(jwt)
      claims = decodeJwt(jwt)
    } catch {
      return fail(400, 'invalid_request', 'Malformed JWT in client_assertion')
    }
    const alg = header.alg ?? ''
    if (!(ACCEPTED_ALGORITHMS as readonly string[]).includes(alg)) {
      return fail(400, 'invalid_request', "Invalid 'alg' header in JWT - unsupported JWT algorithm - must be 'RS512'")
    }
    if (!header.kid) return fail(400, 'invalid_request', "Missing 'kid' header in JWT")
    if (!claims.iss || !claims.sub || claims.iss !== claims.sub) {
      return fail(400, 'invalid_request', 'Missing or non-matching iss/sub claims in JWT')
    }
    const client = this.options.clients.find((c) => c.clientId === claims.iss)
    if (!client) return fail(401, 'invalid_request', 'Invalid iss/sub claims in JWT')
    if (client.publicJwk.kid !== header.kid)
      return fail(401, 'invalid_request', "Invalid 'kid' header in JWT - no matching public key")
    if (!(await signatureValid(jwt, client.publicJwk, alg)))
      return fail(401, 'invalid_request', 'JWT signature verification failed')
    return this.checkClaims(claims, tokenUrl)
  }

  private checkClaims(claims: JWTPayload, tokenUrl: string): TokenResult {
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
    if (aud.length !== 1 || aud[0] !== tokenUrl)
      return fail(401, 'invalid_request', 'Missing or invalid aud claim in JWT')
    if (typeof claims.jti !== 'string' || claims.jti === '')
      return fail(400, 'invalid_request', 'Missing jti claim in JWT')
    if (typeof claims.exp !== 'number') return fail(400, 'invalid_request', 'Missing exp claim in JWT')
    const nowSeconds = this.now() / 1000
    if (claims.exp <= nowSeconds) return fail(400, 'invalid_request', 'JWT has expired')
    if (claims.exp - nowSeconds > MAX_EXP_AHEAD_SECONDS) {
      return fail(400, 'invalid_request', 'Invalid exp claim in JWT - more than 5 minutes in future')
    }
    this.pruneJti(nowSeconds)
    if (this.usedJti.has(claims.jti)) return fail(400, 'invalid_request', 'Non-unique jti claim in JWT')
    this.usedJti.set(claims.jti, claims.exp)
    const token = randomBytes(24).toString('base64url')
    this.tokens.set(token, this.now() + this.lifetime * 1000)
    // NHS England returns expires_in as a string of seconds ("599").
    return { ok: true, body: { access_token: token, expires_in: String(this.lifetime), token_type: 'bearer' } }
  }

  private pruneJti(nowSeconds: number): void {
    // A jti only needs remembering until its assertion expires.
    for (const [jti, exp] of this.usedJti) if (exp < nowSeconds) this.usedJti.delete(jti)
  }
}

async function signatureValid(jwt: string, jwk: JsonWebKey, alg: string): Promise<boolean> {
  try {
    const key = await importJWK({ ...jwk, alg } as Parameters<typeof importJWK>[0], alg)
    await compactVerify(jwt, key, { algorithms: [alg] })
    return true
  } catch {
    return false
  }
}

function fail(status: number, error: string, description: string): TokenResult {
  return { ok: false, error: { status, error, description } }
}
