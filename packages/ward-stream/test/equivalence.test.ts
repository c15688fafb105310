import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runSimulation, simulatedPatients } from '../src/node/simulation.js'
import { recordings, startWardEnv, type WardEnv } from './helpers/ward-env.js'

describe('ward on a real nats-server: distributed alerts equal the single-process operators', () => {
  let env: WardEnv
  beforeAll(async () => {
    env = await startWardEnv()
  })
  afterAll(async () => {
    await env?.stop()
  })

  it('stores in FHIR, per patient, exactly the alerts the @openward/spo2 operators emit (2 workers, real recordings)', async () => {
    const patients = simulatedPatients(await recordings(), 8, 900)
    const result = await runSimulation({
      servers: env.servers,
      fhirBaseUrl: env.sandbox.baseUrl,
      tenant: env.tenant,
      patients,
      workers: 2,
      durationS: 6,
      spawnService: env.spawner(),
      ward: { partitions: 4, leaseTtlMs: 3_000 },
      drainTimeoutMs: 60_000,
    })
    expect(result.alertsExpected).toBeGreaterThan(10)
    expect(result.examples).toEqual({ missing: [], duplicates: [], unexpected: [] })
    expect(result).toMatchObject({ missing: 0, duplicates: 0, unexpected: 0, drained: true })
    expect(result.alertsStored).toBe(result.alertsExpected)
  }, 120_000)
})
