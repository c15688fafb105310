import type { Sandbox } from '@openward/fhir-sandbox'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import {
  alertObservation,
  createTransport,
  type Observation,
  pulseRateObservation,
  writeObservations,
} from '../../src/index.js'
import { countStored, sample, spo2Observations, startSandbox, T0 } from './sandbox-fixture.js'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ validateOnWrite: true })
})
afterAll(async () => sandbox.close())
beforeEach(async () => sandbox.reset())

describe('writeObservations against the sandbox', () => {
  it('writes 120 profile-valid Observations as 2 transactions (validated on write), a resubmission creates nothing', async () => {
    const transport = createTransport({ baseUrl: sandbox.baseUrl })
    const observations = spo2Observations(120)
    const first = await writeObservations(transport, observations)()
    expect(first).toEqual(E.right({ created: 120, existing: 0, bundles: 2 }))
    const again = await writeObservations(transport, observations)()
    expect(again).toEqual(E.right({ created: 0, existing: 120, bundles: 2 }))
    expect(await countStored(sandbox.baseUrl)).toBe(120)
  })

  it('pulse-rate and alert Observations pass write-time validation; a broken one is refused atomically', async () => {
    const transport = createTransport({ baseUrl: sandbox.baseUrl })
    const pulse = pulseRateObservation(sample(1), { subject: { reference: 'Patient/p1' } })
    const alert = alertObservation({
      rule: 'spo2<90 15s',
      severity: 'critical',
      startMs: T0,
      endMs: T0 + 30_000,
      nadir: 85,
      patient: { nhsNumber: '9000000009' },
    })
    if (E.isLeft(pulse) || E.isLeft(alert)) throw new Error('builder failed')
    expect(await writeObservations(transport, [pulse.right, alert.right])()).toEqual(
      E.right({ created: 2, existing: 0, bundles: 1 }),
    )
    const [good] = spo2Observations(1, 77)
    const { category: _dropped, ...broken } = spo2Observations(1, 78)[0]!
    const refused = await writeObservations(transport, [good!, broken as Observation])()
    expect(E.isLeft(refused) && [refused.left._tag, refused.left.status]).toEqual(['Unprocessable', 422])
    expect(await countStored(sandbox.baseUrl)).toBe(2)
  })
})
