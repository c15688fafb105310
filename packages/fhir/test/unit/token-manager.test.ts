import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { createTokenManager, versionFromEtag } from '../../src/index.js'

// A scripted token endpoint (unit test only; the integration tests use the sandbox's real one).
function fakeEndpoint(responses: { status: number; body: string }[]) {
  const forms: URLSearchParams[] = []
  const fetchFn = (async (_url: string, init: { body: string }) => {
    forms.push(new URLSearchParams(init.body))
    const next = responses.shift() ?? { status: 500, body: '' }
    return new Response(next.body, { status: next.status })
  }) as unknown as typeof fetch
  return { fetchFn, forms }
}

describe('token manager', () => {
  it('caches for expires_in (a string, as NHS sends it) minus the skew, then asserts again', async () => {
    let now = 0
    const ok = (token: string) => ({
      status: 200,
      body: JSON.stringify({ access_token: token, expires_in: '599', token_type: 'Bearer' }),
    })
    const { fetchFn, forms } = fakeEndpoint([ok('t1'), ok('t2')])
    let n = 0
    const tm = createTokenManager({
      tokenUrl: 'https://x/token',
      assertion: async () => `jwt-${++n}`,
      skewSeconds: 60,
      now: () => now,
      fetch: fetchFn,
    })
    expect(await tm.authorize()()).toEqual(E.right('Bearer t1'))
    now = 538_000
    expect(await tm.authorize()()).toEqual(E.right('Bearer t1'))
    now = 539_000
    expect(await tm.authorize()()).toEqual(E.right('Bearer t2'))
    expect(forms.map((f) => [f.get('grant_type'), f.get('client_assertion_type'), f.get('client_assertion')])).toEqual([
      ['client_credentials', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'jwt-1'],
      ['client_credentials', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'jwt-2'],
    ])
  })

  it('single flight: ten concurrent callers, one fetch; invalidate drops only the matching token', async () => {
    const { fetchFn, forms } = fakeEndpoint([
      { status: 200, body: '{"access_token":"a","expires_in":600}' },
      { status: 200, body: '{"access_token":"b","expires_in":600}' },
    ])
    const tm = createTokenManager({ tokenUrl: 'u', assertion: async () => 'jwt', fetch: fetchFn })
    const all = await Promise.all(Array.from({ length: 10 }, () => tm.authorize()()))
    expect(new Set(all.map((r) => (E.isRight(r) ? r.right : 'x')))).toEqual(new Set(['Bearer a']))
    tm.invalidate('Bearer stale')
    expect(await tm.authorize()()).toEqual(E.right('Bearer a'))
    tm.invalidate('Bearer a')
    expect(await tm.authorize()()).toEqual(E.right('Bearer b'))
    expect(forms).toHaveLength(2)
    expect(tm.fetches()).toBe(2)
  })

  it('endpoint errors become AuthFailed with only the OAuth error text', async () => {
    const { fetchFn } = fakeEndpoint([
      {
        status: 400,
        body: '{"error":"invalid_request","error_description":"Non-unique jti claim in JWT","echo":"eyJsecret"}',
      },
      { status: 200, body: 'not json' },
      { status: 200, body: '{"access_token":"a"}' },
    ])
    const tm = createTokenManager({ tokenUrl: 'u', assertion: async () => 'eyJsecret', fetch: fetchFn })
    const messages: string[] = []
    for (let i = 0; i < 3; i++) {
      const r = await tm.authorize()()
      expect(E.isLeft(r) && r.left._tag).toBe('AuthFailed')
      if (E.isLeft(r)) messages.push(r.left.message)
    }
    expect(messages[0]).toBe('token endpoint answered 400: invalid_request: Non-unique jti claim in JWT')
    expect(messages.join(' ')).not.toContain('eyJ')
  })

  it('reads version ids from weak and strong ETags', () => {
    expect(versionFromEtag('W/"3"')).toBe('3')
    expect(versionFromEtag('"abc"')).toBe('abc')
    expect(versionFromEtag(undefined)).toBeUndefined()
  })
})
