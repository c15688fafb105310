import { randomUUID } from 'node:crypto'

import { Client } from 'fhir-kit-client'
import { exportJWK, generateKeyPair, type CryptoKey, SignJWT } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { createSandbox, type Sandbox } from '../src/index.js'
import { call } from './fixtures.js'

// NHS England signed-JWT rules (spec note fhir.md §3.1). 2048-bit test keys keep startup fast;
// the endpoint does not check key size.
const CLIENT = 'test-api-key'
const SMART_CLIENT = 'smart-client'
let sandbox: Sandbox
// Tokens that expire after 1 s, for the expiry test only. The main sandbox keeps the NHS lifetime
// (599 s): with 1 s there too, a token could expire between being issued and being used whenever a
// loaded CI machine stretched those two local requests past a second, failing tests about other things.
let shortLived: Sandbox
let rsKey: CryptoKey
let ecKey: CryptoKey
let otherKey: CryptoKey
let rs256Key: CryptoKey

beforeAll(async () => {
  const rs = await generateKeyPair('RS512', { modulusLength: 2048, extractable: true })
  const ec = await generateKeyPair('ES384', { extractable: true })
  const other = await generateKeyPair('RS512', { modulusLength: 2048 })
  rsKey = rs.privateKey
  ecKey = ec.privateKey
  otherKey = other.privateKey
  rs256Key = (await generateKeyPair('RS256', { modulusLength: 2048 })).privateKey
  const clients = [
    { clientId: CLIENT, publicJwk: { ...(await exportJWK(rs.publicKey)), kid: 'key-1' } },
    { clientId: SMART_CLIENT, publicJwk: { ...(await exportJWK(ec.publicKey)), kid: 'ec-1' } },
  ]
  sandbox = await createSandbox({ port: 0, auth: { clients } })
  shortLived = await createSandbox({ port: 0, auth: { clients, tokenLifetimeSeconds: 1 } })
})
afterAll(async () => {
  await sandbox?.close()
  await shortLived?.close()
})
beforeEach(() => sandbox.reset())

interface AssertionOptions {
  alg?: string
  kid?: string | undefined
  iss?: string
  sub?: string
  aud?: string
  jti?: string
  expIn?: number
  key?: CryptoKey
}

async function assertion(o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const header: Record<string, string> = { alg: o.alg ?? 'RS512', typ: 'JWT' }
  const kid = 'kid' in o ? o.kid : 'key-1'
  if (kid !== undefined) header.kid = kid
  return new SignJWT({})
    .setProtectedHeader(header as any)
    .setIssuer(o.iss ?? CLIENT)
    .setSubject(o.sub ?? o.iss ?? CLIENT)
    .setAudience(o.aud ?? sandbox.tokenUrl)
    .setJti(o.jti ?? randomUUID())
    .setExpirationTime(now + (o.expIn ?? 290))
    .sign(o.key ?? rsKey)
}

function requestToken(jwt: string, overrides: Record<string, string> = {}, from: Sandbox = sandbox) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: jwt,
    ...overrides,
  })
  return call(from.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  })
}

describe('mock NHS token endpoint', () => {
  it('issues an opaque bearer token for a valid RS512 assertion, and FHIR routes accept it', async () => {
    const res = await requestToken(await assertion())
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ access_token: expect.any(String), expires_in: '599', token_type: 'bearer' })
    const read = await call(`${sandbox.baseUrl}/Patient`, {
      headers: { authorization: `Bearer ${res.body.access_token}` },
    })
    expect(read.status).toBe(200)
  })

  it('FHIR routes without a valid token are 401; metadata and discovery stay public', async () => {
    const none = await call(`${sandbox.baseUrl}/Patient`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toContain('Bearer')
    expect((await call(`${sandbox.baseUrl}/Patient`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401)
    expect((await call(`${sandbox.baseUrl}/metadata`)).status).toBe(200)
    const smart = await call(`${sandbox.baseUrl}/.well-known/smart-configuration`)
    expect(smart.body.token_endpoint).toBe(sandbox.tokenUrl)
    expect(smart.body.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS512', 'RS384', 'ES384'])
  })

  it('a token stops working after expires_in', async () => {
    const { body } = await requestToken(await assertion({ aud: shortLived.tokenUrl }), {}, shortLived)
    expect(body.expires_in).toBe('1')
    await new Promise((r) => setTimeout(r, 1100))
    expect(
      (await call(`${shortLived.baseUrl}/Patient`, { headers: { authorization: `Bearer ${body.access_token}` } }))
        .status,
    ).toBe(401)
  })

  it('refuses a replayed jti', async () => {
    const jti = randomUUID()
    expect((await requestToken(await assertion({ jti }))).status).toBe(200)
    const replay = await requestToken(await assertion({ jti }))
    expect(replay.status).toBe(400)
    expect(replay.body).toEqual({ error: 'invalid_request', error_description: 'Non-unique jti claim in JWT' })
  })

  it.each([
    ['exp more than 5 minutes ahead', { expIn: 330 }, 400, 'Invalid exp claim in JWT - more than 5 minutes in future'],
    ['expired', { expIn: -10 }, 400, 'JWT has expired'],
    ['RS256', { alg: 'RS256' }, 400, "Invalid 'alg' header in JWT - unsupported JWT algorithm - must be 'RS512'"],
    ['missing kid', { kid: undefined }, 400, "Missing 'kid' header in JWT"],
    ['unknown kid', { kid: 'key-2' }, 401, "Invalid 'kid' header in JWT - no matching public key"],
    ['iss != sub', { sub: 'someone-else' }, 400, 'Missing or non-matching iss/sub claims in JWT'],
    ['unknown client', { iss: 'stranger' }, 401, 'Invalid iss/sub claims in JWT'],
    [
      'aud of another environment',
      { aud: 'https://int.api.service.nhs.uk/oauth2/token' },
      401,
      'Missing or invalid aud claim in JWT',
    ],
    ['signed by another key', { key: 'other' }, 401, 'JWT signature verification failed'],
  ] as const)('refuses %s', async (_name, o, status, description) => {
    // WebCrypto keys are bound to one hash, so the RS256 case needs its own key.
    const key = 'key' in o ? otherKey : 'alg' in o ? rs256Key : rsKey
    const options = { ...o, key } as AssertionOptions
    const res = await requestToken(await assertion(options))
    expect(res.status).toBe(status)
    expect(res.body).toEqual({ error: expect.any(String), error_description: description })
  })

  it('refuses a wrong grant_type or assertion type', async () => {
    expect((await requestToken(await assertion(), { grant_type: 'password' })).body.error).toBe(
      'unsupported_grant_type',
    )
    expect((await requestToken(await assertion(), { client_assertion_type: 'x' })).status).toBe(400)
  })

  it('accepts ES384 for SMART backend services clients', async () => {
    const jwt = await assertion({ alg: 'ES384', kid: 'ec-1', iss: SMART_CLIENT, key: ecKey })
    expect((await requestToken(jwt)).status).toBe(200)
  })

  it('works with fhir-kit-client given the token', async () => {
    const { body } = await requestToken(await assertion())
    const client = new Client({ baseUrl: sandbox.baseUrl, bearerToken: body.access_token })
    const created: any = await client.create({ resourceType: 'Patient', body: { resourceType: 'Patient' } })
    expect(created.id).toBeTruthy()
  })
})
