import { jetstreamManager } from '@nats-io/jetstream'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runSimulation, simulatedPatients } from '../src/node/simulation.js'
import { type WardStatus, wardStatus } from '../src/node/ward-status.js'
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
    let during: WardStatus | undefined
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
      during: async (ctx) => {
        await ctx.until(0.3)
        // Once the workers are up (start-up takes a few seconds), every partition has an owner.
        const giveUp = Date.now() + 20_000
        for (;;) {
          const s = await wardStatus(ctx.nc, await jetstreamManager(ctx.nc), env.tenant)()
          if (E.isLeft(s)) throw new Error(s.left.message)
          during = s.right
          if (!during.partitions.some((p) => p.owner === null) || Date.now() >= giveUp) break
          // A pause between looks: back-to-back status requests took CPU from the very workers
          // being waited for (two cores shared by the whole suite).
          await new Promise((r) => setTimeout(r, 100))
        }
      },
    })
    expect(result.alertsExpected).toBeGreaterThan(10)
    expect(result.examples).toEqual({ missing: [], duplicates: [], unexpected: [] })
    expect(result).toMatchObject({ missing: 0, duplicates: 0, unexpected: 0, drained: true })
    expect(result.alertsStored).toBe(result.alertsExpected)
    // status mid-run: every partition has an owner among the live workers; figures are counts, not guesses.
    expect(during?.partitions).toHaveLength(4)
    for (const p of during!.partitions) {
      expect(during!.workers).toContain(p.owner)
      expect(p.pending).toBeGreaterThanOrEqual(0)
    }
    expect(during!.samples.messages).toBeGreaterThan(0)
    expect(during!.deadLetters).toBe(0)
  }, 120_000)
})
