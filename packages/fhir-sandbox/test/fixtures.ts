import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll, beforeEach } from 'vitest'

import { createSandbox, type Sandbox, type SandboxOptions } from '../src/index.js'

/** The sandbox of one test file: started before its tests, emptied before each, closed after. */
export interface SandboxFixture {
  readonly sandbox: Sandbox
  readonly base: string
}

export function useSandbox(options: SandboxOptions = {}): SandboxFixture {
  let sandbox: Sandbox | undefined
  const started = (): Sandbox => {
    if (!sandbox) throw new Error('the sandbox is used outside a test')
    return sandbox
  }
  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, ...options })
  })
  afterAll(() => started().close())
  beforeEach(() => started().reset())
  return {
    get sandbox() {
      return started()
    },
    get base() {
      return started().baseUrl
    },
  }
}

/** An SpO2 Observation shaped like the SDK writes them (LOINC 2708-6 + 59408-5, UCUM %). */
export function spo2Observation(
  key: string,
  value: number,
  patientRef = 'Patient/p1',
  effective = '2024-05-01T10:00:00Z',
) {
  return {
    resourceType: 'Observation' as const,
    status: 'final',
    identifier: [{ system: 'urn:openward:test', value: key }],
    category: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
      },
    ],
    code: {
      coding: [
        { system: 'http://loinc.org', code: '2708-6' },
        { system: 'http://loinc.org', code: '59408-5' },
      ],
    },
    subject: { reference: patientRef },
    effectiveDateTime: effective,
    valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  }
}

/** A transaction of conditional creates (`ifNoneExist` on the identifier): the idempotent upload shape. */
export function idempotentTransaction(keys: readonly string[], value = (i: number) => 90 + (i % 10)) {
  return {
    resourceType: 'Bundle' as const,
    type: 'transaction' as const,
    entry: keys.map((key, i) => ({
      fullUrl: `urn:uuid:${randomUUID()}`,
      resource: spo2Observation(key, value(i)),
      request: { method: 'POST' as const, url: 'Observation', ifNoneExist: `identifier=urn:openward:test|${key}` },
    })),
  }
}

export const FHIR_JSON = { 'content-type': 'application/fhir+json' }

/** fetch + JSON body, for tests that need status and headers. */
export async function call(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init)
  const text = await res.text()
  let body: any
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = text
  }
  return { status: res.status, headers: res.headers, body }
}

export function post(url: string, body: unknown, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return call(url, { ...init, method: 'POST', headers: { ...FHIR_JSON, ...headers }, body: JSON.stringify(body) })
}

export function put(url: string, body: unknown, headers: Record<string, string> = {}) {
  return call(url, { method: 'PUT', headers: { ...FHIR_JSON, ...headers }, body: JSON.stringify(body) })
}
