/**
 * Adversarial suite, class 1 of issue 13: nothing from elsewhere is trusted. Each row is a hostile
 * answer served by a real node:http server on 127.0.0.1 (`home`, the configured base) with a
 * second server (`elsewhere`, another origin) recording anything that leaks to it. Add a row to
 * extend the suite.
 */
import { gzipSync } from 'node:zlib'

import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import {
  createFhirClient,
  createOutbox,
  createTokenManager,
  createTransport,
  type FhirClient,
  type FhirError,
  memoryOutboxStore,
  Patient,
} from '../../src/index.js'
import { spo2Observations } from '../integration/sandbox-fixture.js'
import { deepAssignerPatient, type HostileServer, json, startPair } from './hostile-server.js'

let home: HostileServer
let elsewhere: HostileServer
let client: FhirClient
const delays: number[] = []

beforeAll(async () => {
  ;({ home, elsewhere } = await startPair())
})
afterAll(async () => {
  await home.close()
  await elsewhere.close()
})
beforeEach(() => {
  home.seen.length = 0
  elsewhere.seen.length = 0
  delays.length = 0
  elsewhere.handle = (_req, res) => json(res, 200, { resourceType: 'Patient', id: 'from-elsewhere' })
  client = createFhirClient({
    baseUrl: `${home.origin}/fhir`,
    retry: { maxRetries: 2, baseDelayMs: 1 },
    sleep: async (ms) => {
      delays.push(ms)
    },
    limits: { maxBodyBytes: 1024 * 1024 },
  })
})

const left = <A>(e: E.Either<FhirError, A>): FhirError => {
  if (E.isRight(e)) throw new Error(`expected an error, got ${JSON.stringify(e.right).slice(0, 200)}`)
  return e.left
}
const NHS = '9000000009'
const patient: Patient = {
  resourceType: 'Patient',
  id: 'p1',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS }],
}
const obs = spo2Observations(3)

type Call = (c: FhirClient) => Promise<E.Either<FhirError, unknown>>
const calls: Record<string, Call> = {
  'read (GET)': (c) => c.read(Patient, 'Patient', 'p1')(),
  'search (GET)': (c) => c.search('Patient', [['identifier', NHS]])(),
  'create (POST)': (c) => c.create(Patient, patient)(),
  'conditional create (POST)': (c) => c.createIfNoneExist(Patient, patient, [['identifier', NHS]])(),
  'update (PUT)': (c) => c.update(Patient, patient)(),
  'delete (DELETE)': (c) => c.delete('Patient', 'p1')(),
  'transaction (POST)': (c) => c.writeObservations(obs)(),
}

describe('redirects to another origin are never followed', () => {
  const rows = Object.entries(calls).flatMap(([name, call]) =>
    [307, 308, 301, 302, 303].map((s) => [name, s, call] as const),
  )
  it.each(rows)(
    '%s answered %i to another origin: RedirectRefused, nothing reaches it',
    async (_name, status, call) => {
      home.handle = (_req, res, _body, other) => {
        res.writeHead(status, { location: `${other}/fhir/Patient/p1` })
        res.end('{"resourceType":"Patient","id":"body-of-the-redirect"}')
      }
      const error = left(await call(client))
      expect(error._tag).toBe('RedirectRefused')
      expect(error).toMatchObject({ status, locationOrigin: elsewhere.origin })
      expect(JSON.stringify(error)).not.toContain('body-of-the-redirect')
      expect(elsewhere.seen).toEqual([])
      // Not retried either: a redirect is an answer, not an accident.
      expect(home.seen).toHaveLength(1)
      // The write did carry the NHS number home, so "nothing reached elsewhere" is not vacuous.
      if (/POST|PUT/.test(_name)) expect(home.seen[0]?.body).toContain(NHS)
    },
  )
})

describe('same-origin redirects', () => {
  it.each(['create (POST)', 'update (PUT)', 'transaction (POST)', 'delete (DELETE)'])(
    '%s redirected 307 on the same origin: refused, the body is sent once only',
    async (name) => {
      home.handle = (req, res) => {
        if (req.url?.startsWith('/moved')) json(res, 201, patient)
        else {
          res.writeHead(307, { location: '/moved/Patient' })
          res.end()
        }
      }
      const error = left(await calls[name]!(client))
      expect(error).toMatchObject({ _tag: 'RedirectRefused', status: 307, locationOrigin: home.origin })
      expect(home.seen.map((s) => s.url)).not.toContain('/moved/Patient')
    },
  )

  it('a GET redirected 302 on the same origin is followed', async () => {
    home.handle = (req, res) => {
      if (req.url === '/fhir/Patient/p1') {
        res.writeHead(302, { location: '/fhir/Patient/p1-moved' })
        res.end()
      } else json(res, 200, { ...patient, id: 'p1-moved' })
    }
    const read = await client.read(Patient, 'Patient', 'p1')()
    expect(E.isRight(read) && read.right.resource.id).toBe('p1-moved')
  })

  it('a same-origin redirect loop on a GET stops after maxRedirects with RedirectRefused', async () => {
    let n = 0
    home.handle = (_req, res) => {
      res.writeHead(302, { location: `/fhir/Patient/loop${n++}` })
      res.end()
    }
    expect(left(await client.read(Patient, 'Patient', 'p1')())._tag).toBe('RedirectRefused')
    expect(home.seen.length).toBe(6)
  })

  it('a redirect without Location is refused with locationOrigin "none"', async () => {
    home.handle = (_req, res) => {
      res.writeHead(301)
      res.end()
    }
    expect(left(await client.read(Patient, 'Patient', 'p1')())).toMatchObject({
      _tag: 'RedirectRefused',
      locationOrigin: 'none',
    })
  })
})

describe('the outbox confirms only on a genuine answer from the configured origin', () => {
  it('a transaction redirected 307 to another origin leaves every entry queued and unsent elsewhere', async () => {
    home.handle = (_req, res, _b, other) => {
      res.writeHead(307, { location: `${other}/fhir` })
      res.end()
    }
    elsewhere.handle = (_req, res) =>
      json(res, 200, {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: obs.map(() => ({ response: { status: '201 Created' } })),
      })
    const outbox = createOutbox({
      store: memoryOutboxStore(),
      transport: createTransport({ baseUrl: `${home.origin}/fhir` }),
    })
    await outbox.enqueueOrThrow(obs)
    const flushed = await outbox.flush()()
    expect(E.isLeft(flushed) && flushed.left._tag).toBe('RedirectRefused')
    expect(await outbox.size()).toBe(3)
    expect(elsewhere.seen).toEqual([])
  })
})

describe('a 200 that is not a genuine transaction-response confirms nothing', () => {
  const entries = (status: string, n = 3) => Array.from({ length: n }, () => ({ response: { status } }))
  it.each([
    ['a batch-response', { resourceType: 'Bundle', type: 'batch-response', entry: entries('201 Created') }],
    ['two entries for three sent', { resourceType: 'Bundle', type: 'transaction-response', entry: entries('201', 2) }],
    [
      'an entry answered 400',
      { resourceType: 'Bundle', type: 'transaction-response', entry: entries('400 Bad Request') },
    ],
    ['an OperationOutcome with 200', { resourceType: 'OperationOutcome', issue: [] }],
    ['an empty body', ''],
  ])('%s: InvalidResponse, every entry stays queued', async (_name, body) => {
    home.handle = (_req, res) => {
      if (body === '') {
        res.writeHead(200)
        res.end()
      } else json(res, 200, body)
    }
    const outbox = createOutbox({
      store: memoryOutboxStore(),
      transport: createTransport({ baseUrl: `${home.origin}/fhir`, retry: { maxRetries: 0 } }),
    })
    await outbox.enqueueOrThrow(obs)
    const flushed = await outbox.flush()()
    expect(E.isLeft(flushed) && flushed.left._tag).toBe('InvalidResponse')
    expect(await outbox.size()).toBe(3)
  })
})

describe('bounded decoding of response bodies', () => {
  it('a read() whose Patient nests a 5,000-deep assigner chain is a typed Left, not a RangeError', async () => {
    home.handle = (_req, res) => json(res, 200, deepAssignerPatient(5000))
    expect(left(await client.read(Patient, 'Patient', 'p1')())).toMatchObject({
      _tag: 'InvalidResponse',
      reason: 'too-deep',
    })
  })

  it('a 20-deep assigner chain (legitimate nesting) still decodes', async () => {
    home.handle = (_req, res) => json(res, 200, deepAssignerPatient(20))
    expect(E.isRight(await client.read(Patient, 'Patient', 'p1')())).toBe(true)
  })

  it.each([
    ['declared by Content-Length', true],
    ['streamed chunked, no Content-Length', false],
  ])('a body over maxBodyBytes (%s) is refused as too-large', async (_name, declared) => {
    const big = `{"resourceType":"Patient","id":"p1","text":{"div":"${'x'.repeat(2 * 1024 * 1024)}"}}`
    home.handle = (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/fhir+json',
        ...(declared ? { 'content-length': String(Buffer.byteLength(big)) } : {}),
      })
      if (declared) res.end(big)
      else {
        for (let i = 0; i < big.length; i += 65536) res.write(big.slice(i, i + 65536))
        res.end()
      }
    }
    expect(left(await client.read(Patient, 'Patient', 'p1')())).toMatchObject({
      _tag: 'InvalidResponse',
      reason: 'too-large',
    })
  })

  it('a body that never ends (headers, then silence) is cut by the deadline: Aborted, not a hang', async () => {
    home.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/fhir+json' })
      res.write('{"resourceType":"Patient",')
    }
    const slow = createFhirClient({ baseUrl: `${home.origin}/fhir`, retry: { deadlineMs: 300, maxRetries: 0 } })
    const started = performance.now()
    expect(left(await slow.read(Patient, 'Patient', 'p1')())._tag).toBe('Aborted')
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('a gzip bomb (64 KB on the wire, 64 MB inflated) stops at maxBodyBytes of inflated bytes', async () => {
    const inflated = Buffer.concat([
      Buffer.from('{"resourceType":"Patient","text":"'),
      Buffer.alloc(64 * 1024 * 1024, 0x61),
    ])
    const bomb = gzipSync(inflated)
    home.handle = (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/fhir+json',
        'content-encoding': 'gzip',
        'content-length': String(bomb.length),
      })
      res.end(bomb)
    }
    expect(bomb.length).toBeLessThan(1024 * 1024)
    expect(left(await client.read(Patient, 'Patient', 'p1')())).toMatchObject({
      _tag: 'InvalidResponse',
      reason: 'too-large',
    })
  })

  it.each([
    ['text/html', 'wrong-content-type', JSON.stringify(patient)],
    ['text/plain', 'wrong-content-type', JSON.stringify(patient)],
    ['text/html', 'html', '<!doctype html><html><body>login</body></html>'],
    ['application/fhir+json', 'truncated', '{"resourceType":"Patient","id":"p1","ident'],
    ['application/fhir+json', 'malformed-json', '{"resourceType":"Patient",,}'],
  ])('a 200 with Content-Type %s and a %s body is InvalidResponse', async (type, reason, body) => {
    home.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': type })
      res.end(body)
    }
    expect(left(await client.read(Patient, 'Patient', 'p1')())).toMatchObject({ _tag: 'InvalidResponse', reason })
  })

  it('a deep OperationOutcome on a 422 is still a 422 (Unprocessable), without its outcome', async () => {
    home.handle = (_req, res) =>
      json(res, 422, `{"resourceType":"OperationOutcome","issue":[${'['.repeat(3000)}${']'.repeat(3000)}]}`)
    const error = left(await client.create(Patient, patient)())
    expect(error).toMatchObject({ _tag: 'Unprocessable', status: 422 })
  })

  it('diagnostics are cut and kept on one line before they reach an error message', async () => {
    const diagnostics = `bad\nFAKE LOG LINE\r\n${'y'.repeat(100_000)}`
    home.handle = (_req, res) =>
      json(res, 422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics }] })
    const error = left(await client.create(Patient, patient)())
    expect(error.message).not.toMatch(/[\r\n]/)
    expect(error.message.length).toBeLessThan(1000)
    // The full outcome stays available to the caller as data.
    expect(error.outcome.issue[0]?.diagnostics).toBe(diagnostics)
  })
})

describe('Retry-After from the server is bounded', () => {
  it.each(['NaN', '-5', '-1', '1.5', '1e3', 'soon', ''])(
    'Retry-After %j on a 503 falls back to our own backoff (never 0, never NaN)',
    async (value) => {
      home.handle = (_req, res) =>
        json(res, 503, { resourceType: 'OperationOutcome', issue: [] }, { 'retry-after': value })
      left(await client.read(Patient, 'Patient', 'p1')())
      expect(delays).toHaveLength(2)
      for (const d of delays) expect(Number.isFinite(d) && d >= 0 && d <= 2).toBe(true)
    },
  )

  it('a Retry-After of 10^20 seconds ends retrying with the error instead of waiting', async () => {
    home.handle = (_req, res) => json(res, 503, {}, { 'retry-after': '100000000000000000000' })
    expect(left(await client.read(Patient, 'Patient', 'p1')())._tag).toBe('Transient')
    expect(delays).toEqual([])
  })
})

describe('URLs taken from responses', () => {
  const page = (next: string) => ({
    resourceType: 'Bundle',
    type: 'searchset',
    link: [{ relation: 'next', url: next }],
    entry: [{ resource: patient, search: { mode: 'match' } }],
  })
  it.each([
    ['another origin', (other: string) => `${other}/fhir/Patient?page=2`],
    ['the same origin outside the FHIR base', () => `${home.origin}/admin/Patient?page=2`],
    ['credentials in the URL', () => `http://user:pw@${home.origin.slice(7)}/fhir/Patient?page=2`],
  ])('a next link to %s is refused with UnsafeLink and never fetched', async (_name, next) => {
    home.handle = (_req, res, _b, other) => json(res, 200, page(next(other)))
    const results: E.Either<FhirError, unknown>[] = []
    for await (const p of client.pages('Patient', [])) results.push(p)
    expect(results.map((r) => (E.isLeft(r) ? r.left._tag : 'page'))).toEqual(['page', 'UnsafeLink'])
    expect(elsewhere.seen).toEqual([])
    expect(home.seen).toHaveLength(1)
  })

  it('a Location on another origin after a create is not taken as the new id', async () => {
    home.handle = (_req, res, _b, other) => {
      res.writeHead(201, { location: `${other}/fhir/Patient/planted/_history/9` })
      res.end()
    }
    const created = await client.create(Patient, { ...patient, id: undefined } as unknown as Patient)()
    expect(E.isRight(created) && created.right.resource.id).toBeUndefined()
    expect(E.isRight(created) && created.right.versionId).toBeUndefined()
  })
})

describe('the token endpoint', () => {
  const tokenOf = (url: string) => createTokenManager({ tokenUrl: url, assertion: async () => 'signed.assertion.jwt' })

  it.each([307, 308, 302])(
    'a %i to another origin: RedirectRefused, the assertion goes nowhere else',
    async (status) => {
      home.handle = (_req, res, _b, other) => {
        res.writeHead(status, { location: `${other}/token` })
        res.end()
      }
      elsewhere.handle = (_req, res) => json(res, 200, { access_token: 'evil', expires_in: 600 })
      const got = await tokenOf(`${home.origin}/token`).authorize()()
      expect(left(got)).toMatchObject({ _tag: 'RedirectRefused', status, locationOrigin: elsewhere.origin })
      expect(elsewhere.seen).toEqual([])
    },
  )

  it('a same-origin 307 is refused too (the assertion is never re-sent)', async () => {
    home.handle = (_req, res) => {
      res.writeHead(307, { location: '/token2' })
      res.end()
    }
    expect(left(await tokenOf(`${home.origin}/token`).authorize()())._tag).toBe('RedirectRefused')
    expect(home.seen.map((s) => s.url)).toEqual(['/token'])
  })

  it.each([
    ['5,000-deep JSON', () => `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
    ['a 1 MB body', () => JSON.stringify({ access_token: 'x'.repeat(1_000_000), expires_in: 60 })],
    ['no expires_in', () => JSON.stringify({ access_token: 'x' })],
    ['expires_in NaN', () => JSON.stringify({ access_token: 'x', expires_in: 'NaN' })],
    ['expires_in negative', () => JSON.stringify({ access_token: 'x', expires_in: -5 })],
    ['a token with CR/LF (header injection)', () => JSON.stringify({ access_token: 'x\r\nX-Evil: 1', expires_in: 60 })],
    ['a token with a space', () => JSON.stringify({ access_token: 'a b', expires_in: 60 })],
  ])('a token response with %s is AuthFailed, not a crash', async (_name, body) => {
    home.handle = (_req, res) => json(res, 200, body())
    expect(left(await tokenOf(`${home.origin}/token`).authorize()())._tag).toBe('AuthFailed')
  })

  it('a token obtained from home is never sent to a cross-origin redirect target', async () => {
    home.handle = (req, res, _b, other) => {
      if (req.url === '/token') return json(res, 200, { access_token: 'secret-token', expires_in: 600 })
      res.writeHead(307, { location: `${other}/fhir/Patient/p1` })
      res.end()
    }
    const authed = createFhirClient({ baseUrl: `${home.origin}/fhir`, auth: tokenOf(`${home.origin}/token`) })
    expect(left(await authed.read(Patient, 'Patient', 'p1')())._tag).toBe('RedirectRefused')
    expect(elsewhere.seen).toEqual([])
    expect(home.seen.find((s) => s.url === '/fhir/Patient/p1')?.authorization).toBe('Bearer secret-token')
  })
})

describe('what we send', () => {
  it('a cyclic resource (a damaged queued entry) is a BadRequest Left, nothing sent, no exception', async () => {
    const cyclic: Record<string, unknown> = { resourceType: 'Patient' }
    cyclic.self = cyclic
    const r = await client.transport.send({ method: 'PUT', path: 'Patient/p1', body: cyclic })()
    expect(left(r)._tag).toBe('BadRequest')
    expect(home.seen).toEqual([])
  })
})

describe('auth providers', () => {
  it('an Authorization value that is not a valid header is AuthFailed, never a thrown TypeError, and not echoed', async () => {
    const evil = { authorize: () => async () => E.right('Bearer x\r\nX-Evil: 1'), invalidate: () => undefined }
    const authed = createFhirClient({ baseUrl: `${home.origin}/fhir`, auth: evil })
    const error = left(await authed.read(Patient, 'Patient', 'p1')())
    expect(error._tag).toBe('AuthFailed')
    expect(JSON.stringify(error)).not.toContain('X-Evil')
    expect(home.seen).toEqual([])
  })
})

describe('the fhir-kit-client escape hatch never follows redirects either', () => {
  it('transport.kit.read answered 307 to another origin rejects; nothing reaches the other origin', async () => {
    home.handle = (_req, res, _b, other) => {
      res.writeHead(307, { location: `${other}/fhir/Patient/p1` })
      res.end()
    }
    await expect(client.transport.kit.request('Patient/p1')).rejects.toBeDefined()
    expect(elsewhere.seen).toEqual([])
  })
})
