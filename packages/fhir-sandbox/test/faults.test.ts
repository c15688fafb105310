import { describe, expect, it } from 'vitest'

import { call, post, spo2Observation, useSandbox } from './fixtures.js'

const env = useSandbox()

const countOf = async () => (await call(`${env.base}/Observation?_summary=count`)).body.total as number

describe('fault injection', () => {
  it('answers N matching requests with a status and Retry-After without executing them', async () => {
    env.sandbox.injectFault({ method: 'POST', path: '/fhir/Observation', status: 503, retryAfter: '2', times: 2 })
    const first = await post(`${env.base}/Observation`, spo2Observation('a', 95))
    const second = await post(`${env.base}/Observation`, spo2Observation('a', 95))
    expect([first.status, second.status]).toEqual([503, 503])
    expect(first.headers.get('retry-after')).toBe('2')
    expect(first.body.resourceType).toBe('OperationOutcome')
    expect(await countOf()).toBe(0)
    expect((await post(`${env.base}/Observation`, spo2Observation('a', 95))).status).toBe(201)
  })

  it('matches by method and by path relative to the base or by RegExp', async () => {
    env.sandbox.injectFault({
      method: 'GET',
      path: 'Observation',
      status: 429,
      retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT',
    })
    expect((await post(`${env.base}/Observation`, spo2Observation('a', 95))).status).toBe(201) // POST: not matched
    const limited = await call(`${env.base}/Observation`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('Wed, 21 Oct 2026 07:28:00 GMT')
    env.sandbox.injectFault({ path: /\/Patient\//, status: 502 })
    expect((await call(`${env.base}/Patient/x`)).status).toBe(502)
    expect((await call(`${env.base}/Patient/x`)).status).toBe(404)
  })

  it('dropResponse commits the write, then kills the connection with no answer', async () => {
    env.sandbox.injectFault({ method: 'POST', path: '/fhir/Observation', dropResponse: true })
    await expect(post(`${env.base}/Observation`, spo2Observation('lost', 95))).rejects.toThrow()
    expect(await countOf()).toBe(1)
    const retried = await post(`${env.base}/Observation`, spo2Observation('lost', 95), {
      'if-none-exist': 'identifier=urn:openward:test|lost',
    })
    expect(retried.status).toBe(200) // the idempotent retry finds the committed copy
    expect(await countOf()).toBe(1)
  })

  it('delays a response by delayMs', async () => {
    env.sandbox.injectFault({ method: 'GET', delayMs: 300 })
    const started = performance.now()
    const res = await call(`${env.base}/metadata`)
    expect(res.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('sends an HTML proxy page or truncated JSON in place of the real answer', async () => {
    env.sandbox.injectFault({ status: 502, body: '<html><body>Bad gateway</body></html>', contentType: 'text/html' })
    const html = await fetch(`${env.base}/Patient`)
    expect(html.status).toBe(502)
    expect(html.headers.get('content-type')).toBe('text/html')
    expect(await html.text()).toContain('Bad gateway')
    env.sandbox.injectFault({ method: 'POST', body: '{"resourceType":"Observ', contentType: 'application/fhir+json' })
    const truncated = await fetch(`${env.base}/Observation`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(spo2Observation('t', 95)),
    })
    expect(truncated.status).toBe(201) // executed, but the body is cut
    expect(await truncated.text()).toBe('{"resourceType":"Observ')
    expect(await countOf()).toBe(1)
  })

  it('requests() records what arrived: method, url, time, status, dropped and faulted', async () => {
    env.sandbox.injectFault({ method: 'GET', path: 'Observation', status: 503, retryAfter: '1' })
    env.sandbox.injectFault({ method: 'POST', path: 'Observation', dropResponse: true })
    await call(`${env.base}/Observation?_count=1`)
    await post(`${env.base}/Observation`, spo2Observation('r', 95)).catch(() => undefined)
    await call(`${env.base}/Observation?_count=1`)
    const log = env.sandbox.requests()
    expect(log.map((r) => [r.method, r.url, r.status, r.faulted])).toEqual([
      ['GET', '/fhir/Observation?_count=1', 503, true],
      ['POST', '/fhir/Observation', 'dropped', true],
      ['GET', '/fhir/Observation?_count=1', 200, false],
    ])
    expect(log[2]!.receivedAt).toBeGreaterThanOrEqual(log[0]!.receivedAt)
    await env.sandbox.reset()
    expect(env.sandbox.requests()).toEqual([])
  })

  it('clearFaults removes pending faults; bad specs are refused', async () => {
    env.sandbox.injectFault({ status: 500, times: Infinity })
    expect((await call(`${env.base}/metadata`)).status).toBe(500)
    expect((await call(`${env.base}/metadata`)).status).toBe(500)
    env.sandbox.clearFaults()
    expect((await call(`${env.base}/metadata`)).status).toBe(200)
    expect(() => env.sandbox.injectFault({ status: 42 })).toThrow(RangeError)
    expect(() => env.sandbox.injectFault({ times: 0 })).toThrow(RangeError)
  })
})
