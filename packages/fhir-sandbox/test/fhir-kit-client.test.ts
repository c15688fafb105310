import { Client } from 'fhir-kit-client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { createSandbox, type Sandbox } from '../src/index.js'
import { idempotentTransaction, spo2Observation } from './fixtures.js'

// The transport the Openward FHIR client is built on, against a real sandbox on 127.0.0.1.
let sandbox: Sandbox
let client: InstanceType<typeof Client>

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 })
  client = new Client({ baseUrl: sandbox.baseUrl })
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

describe('fhir-kit-client against the sandbox', () => {
  it('listens on loopback with a /fhir base', () => {
    expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir$/)
    expect(sandbox.tokenUrl).toBe(`http://127.0.0.1:${sandbox.port}/oauth2/token`)
  })

  it('creates, reads and searches', async () => {
    const patient: any = await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', name: [{ family: 'Test' }] },
    })
    expect(patient.id).toMatch(/^[0-9a-f-]{36}$/)
    const read: any = await client.read({ resourceType: 'Patient', id: patient.id })
    expect(read.name[0].family).toBe('Test')
    await client.create({ resourceType: 'Observation', body: spo2Observation('a', 97, `Patient/${patient.id}`) })
    const found: any = await client.search({
      resourceType: 'Observation',
      searchParams: { subject: `Patient/${patient.id}` },
    })
    expect(found.resourceType).toBe('Bundle')
    expect(found.total).toBe(1)
    expect(found.entry[0].resource.valueQuantity.value).toBe(97)
  })

  it('commits a 100-Observation ifNoneExist transaction, and a resubmission creates nothing', async () => {
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`)
    const first: any = await client.transaction({ body: idempotentTransaction(keys) })
    expect(first.type).toBe('transaction-response')
    expect(first.entry).toHaveLength(100)
    expect(first.entry.every((e: any) => e.response.status === '201')).toBe(true)
    const again: any = await client.transaction({ body: idempotentTransaction(keys) })
    expect(again.entry.every((e: any) => e.response.status === '200')).toBe(true)
    expect(again.entry.map((e: any) => e.resource.id)).toEqual(first.entry.map((e: any) => e.resource.id))
    const count: any = await client.search({ resourceType: 'Observation', searchParams: { _summary: 'count' } })
    expect(count.total).toBe(100)
  })

  it('serves a CapabilityStatement at /metadata', async () => {
    const cs: any = await client.capabilityStatement()
    expect(cs.resourceType).toBe('CapabilityStatement')
    expect(cs.fhirVersion).toBe('4.0.1')
    const observation = cs.rest[0].resource.find((r: any) => r.type === 'Observation')
    expect(observation.interaction.map((i: any) => i.code)).toContain('create')
    expect(observation.searchParam.map((p: any) => p.name)).toContain('value-quantity')
    // and it is itself a valid R4 CapabilityStatement
    const checked: any = await client.operation({ name: '$validate', method: 'POST', input: cs })
    expect(checked.issue.filter((i: any) => i.severity === 'error')).toEqual([])
  })

  it('walks search pages with nextPage', async () => {
    await client.transaction({ body: idempotentTransaction(Array.from({ length: 45 }, (_, i) => `p${i}`)) })
    let page: any = await client.search({ resourceType: 'Observation', searchParams: { _count: 20 } })
    const ids: string[] = []
    let pages = 0
    while (page) {
      pages++
      ids.push(...(page.entry ?? []).map((e: any) => e.resource.id))
      page = await client.nextPage({ bundle: page })
    }
    expect(pages).toBe(3)
    expect(new Set(ids).size).toBe(45)
  })
})
