import type { Sandbox } from '@openward/fhir-sandbox'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import {
  createFhirClient,
  createTransport,
  type FhirClient,
  type FhirError,
  Observation,
  Patient,
  writeObservations,
} from '../../src/index.js'
import { countStored, spo2Observations, startSandbox } from './sandbox-fixture.js'

let sandbox: Sandbox
let client: FhirClient
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => sandbox.close())
beforeEach(async () => {
  await sandbox.reset()
  client = createFhirClient({ baseUrl: sandbox.baseUrl, retry: { baseDelayMs: 20, maxRetries: 3 } })
})

const left = <A>(e: E.Either<FhirError, A>): FhirError => {
  if (E.isRight(e)) throw new Error(`expected an error, got ${JSON.stringify(e.right)}`)
  return e.left
}
const right = <A>(e: E.Either<FhirError, A>): A => {
  if (E.isLeft(e)) throw new Error(`${e.left._tag}: ${e.left.message}`)
  return e.right
}
const obs = (i: number) => spo2Observations(1, i)[0]!
const byIdentifier = (o: Observation) =>
  [['identifier', `${o.identifier![0]!.system}|${o.identifier![0]!.value}`]] as const

describe('lost responses leave exactly one copy', () => {
  it('a conditional create whose response is lost is retried and finds the stored copy', async () => {
    sandbox.injectFault({ method: 'POST', path: 'Observation', dropResponse: true })
    const result = right(await client.createIfNoneExist(Observation, obs(1), byIdentifier(obs(1)))())
    expect(result.existing).toBe(true)
    expect(await countStored(sandbox.baseUrl)).toBe(1)
  })

  it('a 100-entry idempotent transaction whose response is lost is resent: 100 stored, not 200', async () => {
    sandbox.injectFault({ method: 'POST', path: /^\/fhir\/?$/, dropResponse: true })
    const counts = right(await client.writeObservations(spo2Observations(100))())
    expect(counts).toEqual({ created: 0, existing: 100, bundles: 1 })
    expect(await countStored(sandbox.baseUrl)).toBe(100)
  })

  it('a plain POST whose response is lost is not retried: a Transient error, one stored copy', async () => {
    sandbox.injectFault({ method: 'POST', path: 'Observation', dropResponse: true })
    expect(left(await client.create(Observation, obs(2))())._tag).toBe('Transient')
    expect(await countStored(sandbox.baseUrl)).toBe(1)
  })
})

describe('transient statuses are retried, answers are not', () => {
  it('503 with Retry-After: 1 is retried after at least one second', async () => {
    sandbox.injectFault({ method: 'GET', path: 'Observation', status: 503, retryAfter: '1' })
    const started = performance.now()
    const bundle = right(await client.search('Observation', [])())
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000)
    expect(bundle.type).toBe('searchset')
  })

  it('503 with an HTTP-date Retry-After is honoured', async () => {
    sandbox.injectFault({
      method: 'GET',
      path: 'Observation',
      status: 503,
      retryAfter: new Date(Date.now() + 1500).toUTCString(),
    })
    const started = performance.now()
    right(await client.search('Observation', [])())
    // HTTP dates have 1 s resolution: at least 0.5 s of the 1.5 s remains.
    expect(performance.now() - started).toBeGreaterThanOrEqual(500)
  })

  it('429 is retried; three 502s then success is retried', async () => {
    sandbox.injectFault({ method: 'GET', path: 'Observation', status: 429, retryAfter: '0' })
    right(await client.search('Observation', [])())
    sandbox.injectFault({ method: 'GET', path: 'Observation', status: 502, times: 3 })
    right(await client.search('Observation', [])())
  })

  it('gives up after maxRetries with the last error', async () => {
    sandbox.injectFault({ method: 'GET', path: 'Observation', status: 504, times: 10 })
    const e = left(await client.search('Observation', [])())
    expect([e._tag, e.status]).toEqual(['Transient', 504])
    sandbox.clearFaults()
  })

  it('400 and 422 are never retried (the next attempt would have succeeded)', async () => {
    sandbox.injectFault({ method: 'GET', path: 'Observation', status: 400 })
    expect(left(await client.search('Observation', [])())._tag).toBe('BadRequest')
    sandbox.injectFault({ method: 'POST', path: 'Observation', status: 422 })
    expect(left(await client.createIfNoneExist(Observation, obs(3), byIdentifier(obs(3)))())._tag).toBe('Unprocessable')
    expect(await countStored(sandbox.baseUrl)).toBe(0)
  })

  it('the caller AbortSignal stops a retry wait', async () => {
    sandbox.injectFault({ method: 'GET', path: 'Observation', status: 503, retryAfter: '30' })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const started = performance.now()
    expect(left(await client.search('Observation', [], { signal: controller.signal })())._tag).toBe('Aborted')
    expect(performance.now() - started).toBeLessThan(5000)
    sandbox.clearFaults()
  })
})

describe('typed errors carry the OperationOutcome', () => {
  it('stale If-Match → Conflict 412; read after delete → Gone; unknown id → NotFound', async () => {
    const created = right(await client.create(Patient, { resourceType: 'Patient', active: true })())
    const id = created.resource.id!
    expect(created.versionId).toBeDefined()
    const updated = right(
      await client.update(Patient, { ...created.resource, active: false }, { ifMatch: created.versionId! })(),
    )
    expect(updated.versionId).not.toBe(created.versionId)
    const stale = left(
      await client.update(Patient, { ...created.resource, active: true }, { ifMatch: created.versionId! })(),
    )
    expect([stale._tag, stale.status]).toEqual(['Conflict', 412])
    expect(stale.outcome.issue.length).toBeGreaterThan(0)
    right(await client.delete('Patient', id)())
    expect(left(await client.read(Patient, 'Patient', id)())._tag).toBe('Gone')
    const missing = left(await client.read(Patient, 'Patient', 'no-such-id')())
    expect([missing._tag, missing.outcome.resourceType]).toEqual(['NotFound', 'OperationOutcome'])
  })
})

describe('bad responses are typed invalid-response errors', () => {
  const cases: [string, string, string][] = [
    ['an HTML error page', '<!DOCTYPE html><html><body>Bad gateway</body></html>', 'html'],
    ['malformed JSON', '{"resourceType": "Bundle", oops}', 'malformed-json'],
    ['a truncated body', '{"resourceType":"Bundle","type":"searchset","entry":[{"resou', 'truncated'],
    ['JSON that is not FHIR', '{"hello":"world"}', 'not-fhir'],
    ['the wrong resource', '{"resourceType":"Patient"}', 'unexpected-resource'],
  ]
  it.each(cases)('%s with status 200', async (_name, body, reason) => {
    sandbox.injectFault({
      method: 'GET',
      path: 'Observation',
      status: 200,
      body,
      contentType: 'application/fhir+json',
      times: 10,
    })
    const e = left(await client.search('Observation', [])())
    sandbox.clearFaults()
    expect(e._tag).toBe('InvalidResponse')
    expect(e._tag === 'InvalidResponse' && e.reason).toBe(reason)
    expect(e.outcome.resourceType).toBe('OperationOutcome')
  })

  it('a 502 HTML page from a proxy is a retried Transient error', async () => {
    sandbox.injectFault({
      method: 'GET',
      path: 'Observation',
      status: 502,
      body: '<html>proxy</html>',
      contentType: 'text/html',
      times: 1,
    })
    right(await client.search('Observation', [])())
  })
})

describe('overlapping idempotent transactions', () => {
  it('with 3 transactions in flight: 300 written once, a rerun creates nothing', async () => {
    const transport = createTransport({ baseUrl: sandbox.baseUrl })
    const observations = spo2Observations(300, 5000)
    expect(await writeObservations(transport, observations, { concurrency: 3 })()).toEqual(
      E.right({ created: 300, existing: 0, bundles: 3 }),
    )
    expect(await writeObservations(transport, observations, { concurrency: 3 })()).toEqual(
      E.right({ created: 0, existing: 300, bundles: 3 }),
    )
    expect(await countStored(sandbox.baseUrl)).toBe(300)
  })
})
