import type { Sandbox } from '@openward/fhir-sandbox'
import { isOpenwardError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest'

import {
  type ClientAssertionFailed,
  createFhirClient,
  createTokenManager,
  type FhirError,
  nhsClientAssertion,
  Patient,
  signClientAssertion,
  signClientAssertionOrThrow,
  smartBackendAssertion,
  staticBearer,
} from '../../src/index.js'
import { startSandbox } from './sandbox-fixture.js'

let sandbox: Sandbox
// Tokens that expire after 2 s, for the expiry test only. The main sandbox keeps the NHS lifetime: with
// 2 s there too, a token could expire between being issued and being used whenever a loaded CI machine
// stretched that past 2 s, and the happy path and shared-fetch tests then counted a second token fetch.
let shortLived: Sandbox
let rsa: CryptoKeyPair
let ec: CryptoKeyPair
beforeAll(async () => {
  // 2048-bit keeps the test fast; NHS asks for 4096-bit keys in production.
  rsa = (await generateKeyPair('RS512', { modulusLength: 2048 })) as CryptoKeyPair
  ec = (await generateKeyPair('ES384')) as CryptoKeyPair
  const clients = [
    { clientId: 'nhs-app', publicJwk: { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1' } },
    { clientId: 'smart-app', publicJwk: { ...(await exportJWK(ec.publicKey)), kid: 'ec-1' } },
  ]
  sandbox = await startSandbox({ auth: { clients } })
  shortLived = await startSandbox({ auth: { clients, tokenLifetimeSeconds: 2 } })
})
afterAll(async () => {
  await sandbox?.close()
  await shortLived?.close()
})
beforeEach(async () => sandbox.reset())

const nhs = (over: Partial<Parameters<typeof nhsClientAssertion>[0]> = {}) =>
  nhsClientAssertion({
    clientId: 'nhs-app',
    kid: 'rsa-1',
    privateKey: rsa.privateKey,
    tokenUrl: sandbox.tokenUrl,
    ...over,
  })
const left = <A>(e: E.Either<FhirError, A>): FhirError => {
  if (E.isRight(e)) throw new Error('expected an error')
  return e.left
}

describe('NHS signed-JWT auth against the mock token endpoint', () => {
  it('happy path: RS512 assertion → token → authorised FHIR request', async () => {
    const tokens = createTokenManager({ tokenUrl: sandbox.tokenUrl, assertion: nhs(), skewSeconds: 0 })
    const client = createFhirClient({ baseUrl: sandbox.baseUrl, auth: tokens })
    const created = await client.create(Patient, { resourceType: 'Patient' })()
    expect(E.isRight(created)).toBe(true)
    expect(tokens.fetches()).toBe(1)
  })

  it('without a token the server answers 401 → Unauthorized', async () => {
    const client = createFhirClient({ baseUrl: sandbox.baseUrl })
    const e = left(await client.search('Patient', [])())
    expect([e._tag, e.status]).toEqual(['Unauthorized', 401])
  })

  it('a static bearer the server does not know: one re-try, then Unauthorized', async () => {
    const client = createFhirClient({ baseUrl: sandbox.baseUrl, auth: staticBearer('made-up') })
    expect(left(await client.search('Patient', [])())._tag).toBe('Unauthorized')
  })

  it('claims: alg RS512, kid, iss = sub = client id, exact aud, fresh jti, exp ≤ 5 min', async () => {
    const sign = nhs()
    const [a, b] = [await sign(), await sign()]
    const [header, claims] = a
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()))
    const claimsB = JSON.parse(Buffer.from(b.split('.')[1]!, 'base64url').toString())
    expect(header).toEqual({ alg: 'RS512', typ: 'JWT', kid: 'rsa-1' })
    expect([claims.iss, claims.sub, claims.aud]).toEqual(['nhs-app', 'nhs-app', sandbox.tokenUrl])
    expect(claims.jti).not.toBe(claimsB.jti)
    expect(claims.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(300)
    const tooLong = await signClientAssertion({
      clientId: 'x',
      kid: 'k',
      privateKey: rsa.privateKey,
      tokenUrl: 'u',
      algorithm: 'RS512',
      lifetimeSeconds: 600,
    })()
    expect(E.isLeft(tooLong) && tooLong.left).toMatchObject({ _tag: 'ClientAssertionFailed', reason: 'lifetime' })
  })

  it('signClientAssertion is a TaskEither: Right(JWT); a bad lifetime or key is a Left ClientAssertionFailed; the OrThrow twin rejects with an OpenwardError', async () => {
    const input = { clientId: 'nhs-app', kid: 'rsa-1', tokenUrl: sandbox.tokenUrl, algorithm: 'RS512' as const }
    const signed = await signClientAssertion({ ...input, privateKey: rsa.privateKey })()
    expect(E.isRight(signed) && signed.right.split('.')).toHaveLength(3)
    // A public key, and an EC key for an RSA algorithm: jose refuses both.
    for (const privateKey of [rsa.publicKey, ec.privateKey]) {
      const bad = await signClientAssertion({ ...input, privateKey })()
      expect(E.isLeft(bad) && bad.left).toMatchObject({ _tag: 'ClientAssertionFailed', reason: 'key' })
    }
    for (const over of [{ lifetimeSeconds: 0 }, { privateKey: rsa.publicKey }]) {
      const rejected = await signClientAssertionOrThrow({ ...input, privateKey: rsa.privateKey, ...over }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isOpenwardError(rejected, 'ClientAssertionFailed')).toBe(true)
    }
    expect(await signClientAssertionOrThrow({ ...input, privateKey: rsa.privateKey })).toMatch(
      /^[\w-]+\.[\w-]+\.[\w-]+$/,
    )
    expectTypeOf(signClientAssertion).returns.toEqualTypeOf<TE.TaskEither<ClientAssertionFailed, string>>()
    expectTypeOf<ClientAssertionFailed['reason']>().toEqualTypeOf<'lifetime' | 'key'>()
  })

  it('the token manager still answers AuthFailed with the signing problem when the assertion cannot be signed', async () => {
    const tokens = createTokenManager({ tokenUrl: sandbox.tokenUrl, assertion: nhs({ lifetimeSeconds: 301 }) })
    const client = createFhirClient({ baseUrl: sandbox.baseUrl, auth: tokens })
    const e = left(await client.create(Patient, { resourceType: 'Patient' })())
    expect(e._tag).toBe('AuthFailed')
    expect(e.message).toContain('could not sign the client assertion: assertion lifetime must be 1..300 s, got 301')
  })

  it.each([
    ['a replayed jti', () => nhs({ newJti: () => 'same-jti' }), 'Non-unique jti'],
    ['exp too far ahead', () => nhs({ now: () => Date.now() + 120_000 }), 'more than 5 minutes'],
    ['an unknown kid', () => nhs({ kid: 'rsa-2' }), "Invalid 'kid' header"],
    ['the wrong aud', () => nhs({ tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token' }), 'aud claim'],
    [
      'the wrong algorithm (RS256)',
      () => async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
          .setIssuer('nhs-app')
          .setSubject('nhs-app')
          .setAudience(sandbox.tokenUrl)
          .setJti(crypto.randomUUID())
          .setExpirationTime('4m')
          .sign((await generateKeyPair('RS256', { modulusLength: 2048 })).privateKey),
      'unsupported JWT algorithm',
    ],
  ])('%s is refused: AuthFailed with the endpoint error', async (_name, makeAssertion, text) => {
    const assertion = makeAssertion()
    if (_name === 'a replayed jti') {
      const first = createTokenManager({ tokenUrl: sandbox.tokenUrl, assertion })
      expect(E.isRight(await first.authorize()())).toBe(true)
    }
    const tokens = createTokenManager({ tokenUrl: sandbox.tokenUrl, assertion })
    const client = createFhirClient({ baseUrl: sandbox.baseUrl, auth: tokens })
    const e = left(await client.search('Patient', [])())
    expect(e._tag).toBe('AuthFailed')
    expect(e.message).toContain(text)
    expect(e.message).not.toMatch(/eyJ/) // no JWT in messages
  })

  it('an expired token gets exactly one re-assertion on 401', async () => {
    // The manager's clock stands still, so it trusts its cached token after the server expired it.
    const frozen = Date.now()
    const tokens = createTokenManager({
      tokenUrl: shortLived.tokenUrl,
      assertion: nhs({ tokenUrl: shortLived.tokenUrl }),
      skewSeconds: 0,
      now: () => frozen,
    })
    const client = createFhirClient({ baseUrl: shortLived.baseUrl, auth: tokens })
    expect(E.isRight(await client.search('Patient', [])())).toBe(true)
    await new Promise((r) => setTimeout(r, 2200))
    expect(E.isRight(await client.search('Patient', [])())).toBe(true)
    expect(tokens.fetches()).toBe(2)
  })

  it('concurrent requests share one token fetch', async () => {
    const tokens = createTokenManager({ tokenUrl: sandbox.tokenUrl, assertion: nhs() })
    const client = createFhirClient({ baseUrl: sandbox.baseUrl, auth: tokens })
    const results = await Promise.all(Array.from({ length: 10 }, () => client.search('Patient', [])()))
    expect(results.every(E.isRight)).toBe(true)
    expect(tokens.fetches()).toBe(1)
  })
})

describe('SMART backend services', () => {
  it('ES384 assertion gets a token', async () => {
    const assertion = smartBackendAssertion({
      clientId: 'smart-app',
      kid: 'ec-1',
      privateKey: ec.privateKey,
      tokenUrl: sandbox.tokenUrl,
      algorithm: 'ES384',
    })
    const tokens = createTokenManager({ tokenUrl: sandbox.tokenUrl, assertion, scope: 'system/*.read' })
    const client = createFhirClient({ baseUrl: sandbox.baseUrl, auth: tokens })
    expect(E.isRight(await client.search('Patient', [])())).toBe(true)
  })
})
