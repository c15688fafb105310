import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { createSandbox, type Sandbox } from '../src/index.js'
import { call, post, spo2Observation } from './fixtures.js'

let sandbox: Sandbox
let base: string
beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 })
  base = sandbox.baseUrl
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

const countOf = async () => (await call(`${base}/Observation?_summary=count`)).body.total as number

describe('fault injection', () => {
  it('answers N matching requests with a status and Retry-After without executing them', async () => {
    sandbox.injectFault({ method: 'POST', path: '/fhir/Observation', status: 503, retryAfter: '2', times: 2 })
    const first = await post(`${base}/Observation`, spo2Observation('a', 95))
    const second = await post(`${base}/Observation`, spo2Observation('a', 95))
    expect([first.status, second.status]).toEqual([503, 503])
    expect(first.headers.get('retry-after')).toBe('2')
    expect(first.body.resourceType).toBe('OperationOutcome')
    expect(await countOf()).toBe(0)
    expect((await post(`${base}/Observation`, spo2Observation('a', 95))).status).toBe(201)
  })

  it('matches by method and by path relative to the base or by RegExp', async () => {
    sandbox.injectFault({
      method: 'GET',
      path: 'Observation',
      status: 429,
      retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT',
    })
    expect((await post(`${base}/Observation`, spo2Observation('a', 95))).status).toBe(201) // POST: not matched
    const limited = await call(`${base}/Observation`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('Wed, 21 Oct 2026 07:28:00 GMT')
    sandbox.injectFault({ path: /\/Patient\//, status: 502 })
    expect((await call(`${base}/Patient/x`)).status).toBe(502)
    expect((await call(`${base}/Patient/x`)).status).toBe(404)
  })

  it('dropResponse commits the write, then kills the connection with no answer', async () => {
    sandbox.injectFault({ method: 'POST', path: '/fhir/Observation', dropResponse: true })
    await expect(post(`${base}/Observation`, spo2Observation('lost', 95))).rejects.toThrow()
    expect(await countOf()).toBe(1)
    const retried = await post(`${base}/Observation`, spo2Observation('lost', 95), {
      'if-none-exist': 'identifier=urn:openward:test|lost',
    })
    expect(retried.status).toBe(200) // the idempotent retry finds the committed copy
    expect(await countOf()).toBe(1)
  })

  it('delays a response by delayMs', async () => {
    sandbox.injectFault({ method: 'GET', delayMs: 300 })
    const started = performance.now()
    const res = await call(`${base}/metadata`)
    expect(res.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('sends an HTML proxy page or truncated JSON in place of the real answer', async () => {
    sandbox.injectFault({ status: 502, body: '<html><body>Bad gateway</body></html>', contentType: 'text/html' })
    const html = await fetch(`${base}/Patient`)
    expect(html.status).toBe(502)
    expect(html.headers.get('content-type')).toBe('text/html')
    expect(await html.text()).toContain('Bad gateway')
    sandbox.injectFault({ method: 'POST', body: '{"resourceType":"Observ', contentType: 'application/fhir+json' })
    const truncated = await fetch(`${base}/Observation`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(spo2Observation('t', 95)),
    })
    expect(truncated.status).toBe(201) // executed, but the body is cut
    expect(await truncated.text()).toBe('{"resourceType":"Observ')
    expect(await countOf()).toBe(1)
  })

  it('requests() records what arrived: method, url, time, status, dropped and faulted', async () => {
    sandbox.injectFault({ method: 'GET', path: 'Observation', status: 503, retryAfter: '1' })
    sandbox.injectFault({ method: 'POST', path: 'Observation', dropResponse: true })
    await call(`${base}/Observation?_count=1`)
    await post(`${base}/Observation`, spo2Observation('r', 95)).catch(() => undefined)
    await call(`${base}/Observation?_count=1`)
    const log = sandbox.requests()
    expect(log.map((r) => [r.method, r.url, r.status, r.faulted])).toEqual([
      ['GET', '/fhir/Observation?_count=1', 503, true],
      ['POST', '/fhir/Observation', 'dropped', true],
      ['GET', '/fhir/Observation?_count=1', 200, false],
    ])
    expect(log[2]!.receivedAt).toBeGreaterThanOrEqual(log[0]!.receivedAt)
    await sandbox.reset()
    expect(sandbox.requests()).toEqual([])
  })

  it('clearFaults removes pending faults; bad specs are refused', async () => {
    sandbox.injectFault({ status: 500, times: Infinity })
    expect((await call(`${base}/metadata`)).status).toBe(500)
    expect((await call(`${base}/metadata`)).status).toBe(500)
    sandbox.clearFaults()
    expect((await call(`${base}/metadata`)).status).toBe(200)
    expect(() => sandbox.injectFault({ status: 42 })).toThrow(RangeError)
    expect(() => sandbox.injectFault({ times: 0 })).toThrow(RangeError)
  })
})
