import { type Clock, systemClock } from '@openward/core'
import { SignJWT } from 'jose'

/** Algorithms a client assertion may use: RS512 (NHS England), RS384/ES384 (SMART backend services). @category auth */
export type AssertionAlgorithm = 'RS512' | 'RS384' | 'ES384'

/**
 * A private signing key as jose accepts it: a WebCrypto `CryptoKey`, a Node `KeyObject`, a private
 * JWK, or raw bytes. Written structurally (not as jose's own type) so our declarations never make a
 * CommonJS TypeScript project resolve the ES-module-only jose package.
 *
 * @category auth
 */
export type SigningKey =
  | { readonly type: string; readonly algorithm: object; readonly usages: readonly string[] }
  | { readonly type: string; readonly asymmetricKeyType?: string | undefined }
  | { readonly kty: string }
  | Uint8Array

type JoseKey = Parameters<SignJWT['sign']>[0]

/** What a client assertion needs. @category auth */
export interface ClientAssertionInput {
  /** The API key / client id: both `iss` and `sub`. */
  readonly clientId: string
  /** Key id of the registered public key (`kid` header; NHS requires it). */
  readonly kid: string
  readonly privateKey: SigningKey
  /** The token endpoint URL, character for character: the assertion's `aud`. */
  readonly tokenUrl: string
  readonly algorithm: AssertionAlgorithm
  /** Assertion lifetime in seconds, at most 300 (default 240, leaving room for clock skew). */
  readonly lifetimeSeconds?: number
  /** Time source for `iat`/`exp` (default `systemClock`). */
  readonly clock?: Clock
  /** @deprecated Use `clock`. */
  readonly now?: () => number
  /** Injectable jti source, for tests. */
  readonly newJti?: () => string
}

/** @deprecated Renamed {@link ClientAssertionInput} (its fields are required inputs, not options). @category auth */
export type ClientAssertionConfig = ClientAssertionInput

/** The longest assertion lifetime the NHS identity service and SMART backend services accept. @category auth */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300

/**
 * Signs one client assertion (RFC 7523 §2.2): JOSE header `alg`, `typ: JWT`, `kid`; claims
 * `iss` = `sub` = client id, `aud` = token URL, a fresh `jti`, `iat`, and `exp` ≤ 5 minutes ahead.
 * Rules from NHS England "Application-restricted RESTful APIs – signed JWT authentication" and
 * HL7 SMART App Launch 2.x "SMART Backend Services" (client-confidential-asymmetric).
 *
 * @category auth
 */
export async function signClientAssertion(config: ClientAssertionInput): Promise<string> {
  const lifetime = config.lifetimeSeconds ?? 240
  if (!(lifetime > 0 && lifetime <= MAX_ASSERTION_LIFETIME_SECONDS))
    throw new RangeError(`assertion lifetime must be 1..${MAX_ASSERTION_LIFETIME_SECONDS} s, got ${lifetime}`)
  const nowSeconds = Math.floor((config.clock?.now() ?? config.now?.() ?? systemClock.now()) / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: config.algorithm, typ: 'JWT', kid: config.kid })
    .setIssuer(config.clientId)
    .setSubject(config.clientId)
    .setAudience(config.tokenUrl)
    .setJti(config.newJti?.() ?? globalThis.crypto.randomUUID())
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + lifetime)
    .sign(config.privateKey as JoseKey)
}

/** NHS England application-restricted profile: RS512. @category auth */
export function nhsClientAssertion(config: Omit<ClientAssertionInput, 'algorithm'>): () => Promise<string> {
  return () => signClientAssertion({ ...config, algorithm: 'RS512' })
}

/** SMART Backend Services profile: RS384 or ES384. @category auth */
export function smartBackendAssertion(
  config: Omit<ClientAssertionInput, 'algorithm'> & { readonly algorithm: 'RS384' | 'ES384' },
): () => Promise<string> {
  return () => signClientAssertion(config)
}
