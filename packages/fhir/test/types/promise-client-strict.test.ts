/**
 * Compiled by `tsc -p packages/fhir` under the repo's strict settings (strict,
 * exactOptionalPropertyTypes): if `promiseClient(client).read(Patient, …)` stops type-checking,
 * the package's typecheck fails. The test also runs the calls against a real sandbox.
 */
import type { Sandbox } from '@openward/fhir-sandbox'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'

import { createFhirClient, Observation, Patient, promiseClient, type R4ResourceType } from '../../src/index.js'
import { startSandbox } from '../integration/sandbox-fixture.js'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => sandbox.close())

describe('promiseClient under strict TypeScript', () => {
  it('read(Patient, …) resolves to a typed Patient; a failure rejects with the tagged error', async () => {
    const client = promiseClient(createFhirClient({ baseUrl: sandbox.baseUrl }))
    const created = await client.create(Patient, { resourceType: 'Patient', gender: 'female' })
    const read = await client.read(Patient, 'Patient', created.resource.id!)
    expectTypeOf(read.resource).toEqualTypeOf<Patient>()
    expect(read.resource.gender).toBe('female')
    await expect(client.read(Observation, 'Observation', 'missing')).rejects.toMatchObject({
      error: { _tag: 'NotFound' },
    })
  })

  it('resource types are a literal union: a typo does not compile', () => {
    const client = promiseClient(createFhirClient({ baseUrl: sandbox.baseUrl }))
    // @ts-expect-error 'Patinet' is not an R4 resource type
    void (() => client.read(Patient, 'Patinet', 'x'))
    expectTypeOf<'Observation'>().toMatchTypeOf<R4ResourceType>()
    expectTypeOf<'Patinet'>().not.toMatchTypeOf<R4ResourceType>()
  })
})
