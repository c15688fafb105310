import type { Sandbox } from '@openward/fhir-sandbox'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { createTransport, writeObservations } from '../../src/index.js'
import { countStored, spo2Observations, startSandbox } from './sandbox-fixture.js'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ validateOnWrite: true })
})
afterAll(async () => sandbox.close())
beforeEach(async () => sandbox.reset())

describe('writeObservations against the sandbox', () => {
  it('writes 250 Observations as 3 transactions, and a resubmission creates nothing', async () => {
    const transport = createTransport({ baseUrl: sandbox.baseUrl })
    const observations = spo2Observations(250)
    const first = await writeObservations(transport, observations)()
    expect(first).toEqual(E.right({ created: 250, existing: 0, bundles: 3 }))
    const again = await writeObservations(transport, observations)()
    expect(again).toEqual(E.right({ created: 0, existing: 250, bundles: 3 }))
    expect(await countStored(sandbox.baseUrl)).toBe(250)
  })

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
