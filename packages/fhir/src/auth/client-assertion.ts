import { type Clock, describeThrown, getOrThrow, systemClock, taggedError, type TaggedError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
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
 * A client assertion could not be signed: the lifetime is outside 1..300 s (`reason: 'lifetime'`),
 * or jose refused the key (`'key'`: not a private key, or one that does not fit the algorithm). The
 * message never contains key material. @category errors
 */
export interface ClientAssertionFailed extends TaggedError<'ClientAssertionFailed'> {
  readonly reason: 'lifetime' | 'key'
}

/**
 * Signs one client assertion (RFC 7523 §2.2): JOSE header `alg`, `typ: JWT`, `kid`; claims
 * `iss` = `sub` = client id, `aud` = token URL, a fresh `jti`, `iat`, and `exp` ≤ 5 minutes ahead.
 * Rules from NHS England "Application-restricted RESTful APIs – signed JWT authentication" and
 * HL7 SMART App Launch 2.x "SMART Backend Services" (client-confidential-asymmetric).
 * A `TaskEither`: its promise never rejects; a bad lifetime or key is a `Left` of
 * {@link ClientAssertionFailed}. {@link signClientAssertionOrThrow} rejects with an `OpenwardError`.
 *
 * @example
 * const signed = await signClientAssertion({ clientId, kid: 'key-1', privateKey, tokenUrl, algorithm: 'RS512' })()
 * if (E.isLeft(signed)) console.error(signed.left.message)
 * @category auth
 */
export function signClientAssertion(input: ClientAssertionInput): TE.TaskEither<ClientAssertionFailed, string> {
  return async () => {
    const lifetime = input.lifetimeSeconds ?? 240
    if (!(lifetime > 0 && lifetime <= MAX_ASSERTION_LIFETIME_SECONDS))
      return E.left(
        taggedError(
          'ClientAssertionFailed',
          `assertion lifetime must be 1..${MAX_ASSERTION_LIFETIME_SECONDS} s, got ${lifetime}`,
          { reason: 'lifetime' as const },
        ),
      )
    const nowSeconds = Math.floor((input.clock?.now() ?? input.now?.() ?? systemClock.now()) / 1000)
    try {
      return E.right(
        await new SignJWT({})
          .setProtectedHeader({ alg: input.algorithm, typ: 'JWT', kid: input.kid })
          .setIssuer(input.clientId)
          .setSubject(input.clientId)
          .setAudience(input.tokenUrl)
          .setJti(input.newJti?.() ?? globalThis.crypto.randomUUID())
          .setIssuedAt(nowSeconds)
          .setExpirationTime(nowSeconds + lifetime)
          .sign(input.privateKey as JoseKey),
      )
    } catch (thrown) {
      // jose's messages name the key type or algorithm, never the key itself.
      return E.left(
        taggedError('ClientAssertionFailed', `cannot sign with this key: ${describeThrown(thrown)}`, {
          reason: 'key' as const,
        }),
      )
    }
  }
}

/**
 * {@link signClientAssertion} as a promise that rejects with an `OpenwardError` holding the
 * {@link ClientAssertionFailed} (the old `signClientAssertion` rejected with a `RangeError` or jose's
 * error).
 *
 * @category auth
 */
export async function signClientAssertionOrThrow(input: ClientAssertionInput): Promise<string> {
  return getOrThrow(await signClientAssertion(input)())
}

/**
 * NHS England application-restricted profile: RS512. The `assertion` callback of
 * `createTokenManager`: each call signs a fresh assertion, rejecting with an `OpenwardError` holding
 * a {@link ClientAssertionFailed} (the token manager turns that into `AuthFailed`). @category auth
 */
export function nhsClientAssertion(config: Omit<ClientAssertionInput, 'algorithm'>): () => Promise<string> {
  return () => signClientAssertionOrThrow({ ...config, algorithm: 'RS512' })
}

/** SMART Backend Services profile: RS384 or ES384; a `createTokenManager` callback like {@link nhsClientAssertion}. @category auth */
export function smartBackendAssertion(
  config: Omit<ClientAssertionInput, 'algorithm'> & { readonly algorithm: 'RS384' | 'ES384' },
): () => Promise<string> {
  return () => signClientAssertionOrThrow(config)
}
