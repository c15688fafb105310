import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runSimulation, simulatedPatients } from '../src/node/simulation.js'
import { recordings, startWardEnv, type WardEnv } from './helpers/ward-env.js'

describe('ward on a 3-node JetStream cluster (R3 streams and buckets)', () => {
  let env: WardEnv & { cluster?: { nodes: readonly { kill(): Promise<void>; restart(): Promise<void> }[] } }
  beforeAll(async () => {
    env = await startWardEnv({ cluster: true })
  }, 90_000)
  afterAll(async () => {
    await env?.stop()
  })

  it('one node SIGKILLed and restarted mid-run: alerts in FHIR equal the single-process operators, none lost or doubled', async () => {
    const node = env.cluster!.nodes[1]!
    let killed = false
    let logs: () => readonly Record<string, unknown>[] = () => []
    const result = await runSimulation({
      servers: env.servers,
      fhirBaseUrl: env.sandbox.baseUrl,
      tenant: `${env.tenant}c`,
      patients: simulatedPatients(await recordings(), 8, 600),
      workers: 2,
      durationS: 10,
      spawnService: env.spawner(),
      ward: { partitions: 4, leaseTtlMs: 3_000, replicas: 3 },
      drainTimeoutMs: 90_000,
      during: async (ctx) => {
        logs = ctx.logs
        await ctx.until(0.3)
        await node.kill()
        killed = true
        await ctx.until(0.6)
        await node.restart()
      },
    })
    expect(killed).toBe(true)
    if (!result.drained || result.missing > 0 || result.duplicates > 0)
      console.log(
        JSON.stringify(result),
        logs()
          .filter((l) => l['level'] !== 'info' && l['level'] !== 'debug')
          .slice(-40)
          .map((l) => JSON.stringify(l))
          .join('\n'),
      )
    expect(result.alertsExpected).toBeGreaterThan(10)
    expect(result.examples).toEqual({ missing: [], duplicates: [], unexpected: [] })
    expect(result).toMatchObject({ missing: 0, duplicates: 0, unexpected: 0, drained: true })
    expect(result.alertsStored).toBe(result.alertsExpected)
  }, 180_000)
})
