import { randomUUID } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { call, idempotentTransaction, post, spo2Observation, useSandbox } from './fixtures.js'

const env = useSandbox()

const countOf = async (type: string) => (await call(`${env.base}/${type}?_summary=count`)).body.total as number

describe('transactions are all-or-nothing', () => {
  it('a failing entry rolls back every earlier create, update and delete', async () => {
    const keep = await post(`${env.base}/Patient`, { resourceType: 'Patient', gender: 'male' })
    const doomed = await post(`${env.base}/Patient`, { resourceType: 'Patient' })
    const other = await post(`${env.base}/Patient`, { resourceType: 'Patient' })
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        ...['a', 'b', 'c'].map((k) => ({
          resource: spo2Observation(k, 95),
          request: { method: 'POST', url: 'Observation' },
        })),
        { resource: { ...keep.body, gender: 'female' }, request: { method: 'PUT', url: `Patient/${keep.body.id}` } },
        { request: { method: 'DELETE', url: `Patient/${doomed.body.id}` } },
        // stale If-Match: fails with 412 after the others have been applied
        {
          resource: { resourceType: 'Patient', id: other.body.id },
          request: { method: 'PUT', url: `Patient/${other.body.id}`, ifMatch: 'W/"stale"' },
        },
      ],
    }
    const res = await post(env.base, bundle)
    expect(res.status).toBe(412)
    expect(res.body.resourceType).toBe('OperationOutcome')
    expect(res.body.issue[0].diagnostics).toMatch(/rolled back/)
    expect(await countOf('Observation')).toBe(0)
    const kept = await call(`${env.base}/Patient/${keep.body.id}`)
    expect(kept.body.gender).toBe('male')
    expect(kept.body.meta.versionId).toBe(keep.body.meta.versionId)
    expect((await call(`${env.base}/Patient/${doomed.body.id}`)).status).toBe(200)
    expect((await call(`${env.base}/Patient/${keep.body.id}/_history`)).body.total).toBe(1)
  })

  it('a batch is not atomic: each entry gets its own status', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: spo2Observation('a', 95), request: { method: 'POST', url: 'Observation' } },
        { request: { method: 'GET', url: 'Patient/missing' } },
      ],
    }
    const res = await post(env.base, bundle)
    expect(res.status).toBe(200)
    expect(res.body.type).toBe('batch-response')
    expect(res.body.entry.map((e: any) => e.response.status)).toEqual(['201', '404'])
    expect(await countOf('Observation')).toBe(1)
  })
})

describe('limits of the shipped router lifted', () => {
  it('accepts 12 and 100 ifNoneExist entries (the router refuses more than 8)', async () => {
    for (const n of [12, 100]) {
      const keys = Array.from({ length: n }, (_, i) => `n${n}-${i}`)
      const res = await post(env.base, idempotentTransaction(keys))
      expect(res.status).toBe(200)
      expect(res.body.entry.filter((e: any) => e.response.status === '201')).toHaveLength(n)
    }
    expect(await countOf('Observation')).toBe(112)
  })

  it('a resubmitted 100-entry idempotent transaction creates 0 new resources', async () => {
    const keys = Array.from({ length: 100 }, (_, i) => `r${i}`)
    await post(env.base, idempotentTransaction(keys))
    const again = await post(env.base, idempotentTransaction(keys))
    expect(again.body.entry.every((e: any) => e.response.status === '200')).toBe(true)
    expect(await countOf('Observation')).toBe(100)
  })

  it('accepts 60 PUT entries (the router refuses more than 50)', async () => {
    const entry = Array.from({ length: 60 }, (_, i) => ({
      resource: { resourceType: 'Patient', id: `put-${i}` },
      request: { method: 'PUT', url: `Patient/put-${i}` },
    }))
    const res = await post(env.base, { resourceType: 'Bundle', type: 'transaction', entry })
    expect(res.status).toBe(200)
    expect(await countOf('Patient')).toBe(60)
  })

  it('rewrites urn:uuid references and carries ETag and Location per entry', async () => {
    const patientUrn = `urn:uuid:${randomUUID()}`
    const res = await post(env.base, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: patientUrn, resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
        {
          resource: { ...spo2Observation('u', 96), subject: { reference: patientUrn } },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    })
    const [patient, observation] = res.body.entry
    expect(observation.resource.subject.reference).toBe(`Patient/${patient.resource.id}`)
    expect(patient.response.etag).toBe(`W/"${patient.resource.meta.versionId}"`)
    expect(patient.response.location).toBe(
      `${env.base}/Patient/${patient.resource.id}/_history/${patient.resource.meta.versionId}`,
    )
  })

  it('Prefer: return=minimal keeps only each entry response', async () => {
    const res = await post(env.base, idempotentTransaction(['m1', 'm2']), { prefer: 'return=minimal' })
    expect(res.status).toBe(200)
    expect(res.body.entry.map((e: any) => [e.resource, e.response.status])).toEqual([
      [undefined, '201'],
      [undefined, '201'],
    ])
    expect(res.body.entry[0].response.location).toMatch(/\/Observation\/[^/]+\/_history\//)
  })

  it('concurrent transactions with overlapping keys never duplicate', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `c${i}`)
    const results = await Promise.all([0, 1, 2, 3].map(() => post(env.base, idempotentTransaction(keys))))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(await countOf('Observation')).toBe(50)
  })

  it('refuses a POST to the base that is not a transaction or batch Bundle', async () => {
    expect((await post(env.base, { resourceType: 'Patient' })).status).toBe(400)
    expect((await post(env.base, { resourceType: 'Bundle', type: 'collection' })).status).toBe(400)
  })
})

describe('Bundle processing rules (FHIR R4 http §3.1.0.11)', () => {
  it('a transaction whose entries both modify one resource fails with 400 and changes nothing', async () => {
    const patient = await post(`${env.base}/Patient`, { resourceType: 'Patient', gender: 'male' })
    const url = `Patient/${patient.body.id}`
    const res = await post(env.base, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: spo2Observation('overlap', 95), request: { method: 'POST', url: 'Observation' } },
        {
          resource: { resourceType: 'Patient', id: patient.body.id, gender: 'female' },
          request: { method: 'PUT', url },
        },
        { request: { method: 'DELETE', url } },
      ],
    })
    expect(res.status).toBe(400)
    expect(res.body.issue.map((i: any) => i.diagnostics).join(' ')).toContain(`both act on ${url}`)
    expect(await countOf('Observation')).toBe(0)
    expect((await call(`${env.base}/${url}`)).body.gender).toBe('male')
  })

  it('a failed batch entry keeps its OperationOutcome; the others still run', async () => {
    const res = await post(env.base, {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: 'Patient/missing' } },
        { request: { method: 'POST' } },
        { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Observation' } },
        { resource: spo2Observation('b1', 95), request: { method: 'POST', url: 'Observation' } },
      ],
    })
    expect(res.status).toBe(200)
    const [missing, noUrl, wrongType, created] = res.body.entry
    expect(missing.response.status).toBe('404')
    expect(missing.response.outcome.resourceType).toBe('OperationOutcome')
    expect(noUrl.response.status).toBe('400')
    expect(noUrl.response.outcome.issue[0].diagnostics).toMatch(/request.url is missing/)
    expect(wrongType.response.status).toBe('400')
    expect(created.response.status).toBe('201')
    expect(await countOf('Observation')).toBe(1)
  })

  it('two entries with one condition in one transaction store one resource; the second answers 200 with it', async () => {
    const res = await post(env.base, idempotentTransaction(['twice', 'twice']))
    expect(res.status).toBe(200)
    const [first, second] = res.body.entry
    expect([first.response.status, second.response.status]).toEqual(['201', '200'])
    expect(second.resource.id).toBe(first.resource.id)
    expect(await countOf('Observation')).toBe(1)
  })

  it('a reference to a conditional create that matches resolves to the existing resource', async () => {
    const existing = await post(`${env.base}/Patient`, {
      resourceType: 'Patient',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }],
    })
    const patientUrn = `urn:uuid:${randomUUID()}`
    const res = await post(env.base, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: patientUrn,
          resource: { resourceType: 'Patient' },
          request: {
            method: 'POST',
            url: 'Patient',
            ifNoneExist: 'identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009',
          },
        },
        {
          resource: { ...spo2Observation('ref', 96), subject: { reference: patientUrn } },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.body.entry[0].response.status).toBe('200')
    expect(res.body.entry[1].resource.subject.reference).toBe(`Patient/${existing.body.id}`)
    expect(await countOf('Patient')).toBe(1)
  })

  it('a referenced conditional create that only matches an entry written earlier in the Bundle fails with 409', async () => {
    const patientUrn = `urn:uuid:${randomUUID()}`
    const identifier = [{ system: 'urn:test', value: 'p-late' }]
    const res = await post(env.base, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { resourceType: 'Patient', identifier }, request: { method: 'POST', url: 'Patient' } },
        {
          fullUrl: patientUrn,
          resource: { resourceType: 'Patient', identifier },
          request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=urn:test|p-late' },
        },
        {
          resource: { ...spo2Observation('late', 96), subject: { reference: patientUrn } },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    })
    expect(res.status).toBe(409)
    expect(res.body.issue[0].diagnostics).toContain('entry 1 failed with 409')
    expect(await countOf('Patient')).toBe(0)
    expect(await countOf('Observation')).toBe(0)
  })

  it('a conditional PUT referenced by placeholder creates at the id the reference was given', async () => {
    const patientUrn = `urn:uuid:${randomUUID()}`
    const res = await post(env.base, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { ...spo2Observation('cput', 96), subject: { reference: patientUrn } },
          request: { method: 'POST', url: 'Observation' },
        },
        {
          fullUrl: patientUrn,
          resource: { resourceType: 'Patient', identifier: [{ system: 'urn:test', value: 'p-cput' }] },
          request: { method: 'PUT', url: 'Patient?identifier=urn:test|p-cput' },
        },
      ],
    })
    expect(res.status).toBe(200)
    const [observation, patient] = res.body.entry
    expect(patient.response.status).toBe('201')
    expect(observation.resource.subject.reference).toBe(`Patient/${patient.resource.id}`)
    expect((await call(`${env.base}/Observation?subject.identifier=urn:test|p-cput`)).body.total).toBe(1)
  })

  it('a PATCH entry applies the JSON Patch its Binary holds', async () => {
    const patient = await post(`${env.base}/Patient`, { resourceType: 'Patient', gender: 'male' })
    const patch = [{ op: 'replace', path: '/gender', value: 'female' }]
    const res = await post(env.base, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Binary',
            contentType: 'application/json-patch+json',
            data: Buffer.from(JSON.stringify(patch)).toString('base64'),
          },
          request: { method: 'PATCH', url: `Patient/${patient.body.id}` },
        },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.body.entry[0].response.status).toBe('200')
    expect((await call(`${env.base}/Patient/${patient.body.id}`)).body.gender).toBe('female')
    const fhirPathPatch = await post(env.base, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { resourceType: 'Parameters' }, request: { method: 'PATCH', url: `Patient/${patient.body.id}` } },
      ],
    })
    expect(fhirPathPatch.status).toBe(400)
    expect(fhirPathPatch.body.issue[1].diagnostics).toMatch(/needs a Binary holding a JSON Patch/)
  })

  it('a nested Bundle, an absolute URL on another server, or no entries is refused with 400', async () => {
    const bundle = (entry: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry })
    const nested = await post(env.base, bundle([{ resource: bundle([]), request: { method: 'POST', url: '/' } }]))
    expect(nested.status).toBe(400)
    const foreign = await post(
      env.base,
      bundle([{ request: { method: 'GET', url: 'https://elsewhere.example/fhir/Patient/1' } }]),
    )
    expect(foreign.status).toBe(400)
    expect((await post(env.base, bundle([]))).status).toBe(400)
  })
})
