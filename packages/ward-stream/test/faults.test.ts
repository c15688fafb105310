import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { type RunSimulationOptions, runSimulation, simulatedPatients } from '../src/node/simulation.js'
import { wardNames } from '../src/ward-names.js'
import { until } from './helpers/nats-fixture.js'
import { recordings, startWardEnv, type WardEnv } from './helpers/ward-env.js'

// Every fault must leave the FHIR store equal to the single-process reference: nothing missing,
// nothing doubled, nothing invented. Few patients and short recordings keep the suite CI-sized.
describe('ward faults on a real nats-server', () => {
  let env: WardEnv
  let tenantSeq = 0
  beforeAll(async () => {
    env = await startWardEnv()
  })
  afterAll(async () => {
    await env?.stop()
  })
  beforeEach(async () => {
    await env.sandbox.reset()
  })

  const run = async (extra: Partial<RunSimulationOptions> = {}) =>
    runSimulation({
      servers: env.servers,
      fhirBaseUrl: env.sandbox.baseUrl,
      tenant: `${env.tenant}f${tenantSeq++}`,
      patients: simulatedPatients(await recordings(), 8, 600),
      workers: 2,
      durationS: 8,
      spawnService: env.spawner(),
      ward: { partitions: 4, leaseTtlMs: 3_000 },
      drainTimeoutMs: 60_000,
      ...extra,
    })

  const expectEquivalent = (result: Awaited<ReturnType<typeof run>>): void => {
    expect(result.alertsExpected).toBeGreaterThan(10)
    expect(result.examples).toEqual({ missing: [], duplicates: [], unexpected: [] })
    expect(result).toMatchObject({ missing: 0, duplicates: 0, unexpected: 0, drained: true })
    expect(result.alertsStored).toBe(result.alertsExpected)
  }

  it('SIGKILL of a worker three times mid-run: the partitions move, restore their checkpoints, nothing lost or doubled', async () => {
    const result = await run({ killWorker: 3 })
    expect(result.workerKills).toBe(3)
    expectEquivalent(result)
  }, 120_000)

  it('SIGKILL of the FHIR writer, then the FHIR server refusing every write (503) until it has turned the writer away several times: every alert stored once', async () => {
    let refused = 0
    const result = await run({
      during: async (ctx) => {
        await ctx.until(0.2)
        await ctx.killWriter()
        await ctx.until(0.35)
        env.sandbox.injectFault({ method: 'POST', status: 503, times: Number.POSITIVE_INFINITY })
        // Refuse until the writer has been turned away a few times (it retries the same batch unacked).
        const count = (): number => env.sandbox.requests().filter((r) => r.faulted && r.status === 503).length
        const giveUp = Date.now() + 30_000
        while (count() < 3 && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 100))
        await new Promise((r) => setTimeout(r, 1_000))
        refused = count()
        env.sandbox.clearFaults()
      },
    })
    expect(result.writerKills).toBe(1)
    expect(refused).toBeGreaterThanOrEqual(3)
    expectEquivalent(result)
  }, 120_000)

  it('a worker added and another drained (SIGTERM) while running: ownership moves, nothing lost or doubled', async () => {
    let drainedCleanly = false
    const result = await run({
      during: async (ctx) => {
        await ctx.until(0.25)
        ctx.addWorker()
        await ctx.until(0.6)
        // Drain a worker that is up and holding partitions (SIGTERM before start-up is a plain kill).
        const holding = (): number =>
          ctx.workers().findIndex((id) => ctx.logs().some((l) => l['id'] === id && l['event'] === 'partition-started'))
        // A deadline, not a bare loop: if no worker ever holds a partition this fails with a reason
        // instead of spinning until vitest's timeout with every service process still running.
        await until('a worker holding partitions', () => holding() >= 0, 30_000)
        const id = ctx.workers()[holding()]
        const slow = setTimeout(
          () =>
            console.log(
              'drain slow',
              ctx
                .logs()
                .filter((l) => l['id'] === id)
                .slice(-30)
                .map((l) => JSON.stringify(l))
                .join('\n'),
            ),
          20_000,
        )
        await ctx.stopWorker(holding())
        clearTimeout(slow)
        // stopWorker resolves on the process's 'exit', which can come before its last stderr lines
        // are read: wait (with a deadline) for the drained line instead of reading the log at once.
        drainedCleanly = await until(
          'the stopped worker to log worker-drained',
          () => ctx.logs().some((l) => l['event'] === 'worker-drained' && l['id'] === id),
          10_000,
        ).then(
          () => true,
          () => false,
        )
      },
    })
    expect(drainedCleanly).toBe(true)
    if (result.missing > 0) console.log(JSON.stringify(result))
    expectEquivalent(result)
  }, 120_000)

  it('a worker frozen (SIGSTOP) past its lease TTL: another takes its partitions, and on waking it stops them itself (lease-lost) instead of running them beside the new owner', async () => {
    let frozen: string | undefined
    let logs: readonly Record<string, unknown>[] = []
    const result = await run({
      during: async (ctx) => {
        await ctx.until(0.3)
        // Freeze a worker that holds partitions (one still starting up would hold none).
        const holding = (): number =>
          ctx.workers().findIndex((id) => ctx.logs().some((l) => l['id'] === id && l['event'] === 'partition-started'))
        await until('a worker holding partitions', () => holding() >= 0, 30_000)
        frozen = await ctx.pauseWorker(holding(), 5_000)
        await ctx.until(1)
        // Wait for the woken worker's own report rather than a fixed 1.5 s: under CI load it can take
        // longer to run again, and the simulation's end (SIGTERM to every service) must not come first.
        await until(
          'the woken worker to stop its partitions (lease-lost)',
          () => ctx.logs().some((l) => l['id'] === frozen && l['event'] === 'lease-lost'),
          30_000,
        )
        logs = ctx.logs()
      },
    })
    expect(frozen).toBeDefined()
    const takenOver = logs.filter((l) => l['event'] === 'partition-acquired' && l['id'] !== frozen)
    expect(takenOver.length).toBeGreaterThan(0)
    expect(logs.some((l) => l['id'] === frozen && l['event'] === 'lease-lost')).toBe(true)
    expectEquivalent(result)
  }, 120_000)

  it('a re-published batch is dropped by the duplicate window; malformed messages go to the dead-letter subject with a typed reason and the partition carries on; a patient without thresholds gets the NHSE bands and a warning', async () => {
    const tenant = `${env.tenant}f${tenantSeq}`
    let dropped = false
    let logs: readonly Record<string, unknown>[] = []
    const result = await run({
      during: async (ctx) => {
        await ctx.until(0.4)
        dropped = await ctx.republishBatch()
        // p00001's partition: not JSON, then JSON that is not a batch, then a batch on another patient's subject.
        await ctx.publishRaw('p00001', '{"v":1,"patientKey":')
        await ctx.publishRaw('p00001', JSON.stringify({ v: 1, patientKey: 'p00001', deviceKey: 'ox', sentAtMs: 0 }))
        await ctx.publishRaw(
          'p00001',
          JSON.stringify({ v: 1, patientKey: 'p00002', deviceKey: 'ox', sentAtMs: 0, samples: [] }),
        )
        await ctx.until(1)
        logs = ctx.logs()
      },
    })
    expect(dropped).toBe(true)
    expect(result.republishedDropped).toBe(1)
    expectEquivalent(result)
    expect(result.deadLetters).toBe(3)
    const nc = await connect({ servers: [...env.servers] })
    const jsm = await jetstreamManager(nc)
    const names = wardNames(tenant)
    if (names._tag === 'Left') throw new Error('names')
    const reasons: unknown[] = []
    for (let seq = 1; seq <= 3; seq++) {
      const m = await jsm.streams.getMessage(names.right.deadStream, { seq })
      reasons.push(m?.json<{ _tag: string; reason: string }>())
    }
    expect(reasons.map((r) => (r as { _tag: string })._tag)).toEqual([
      'InvalidMessage',
      'InvalidMessage',
      'InvalidMessage',
    ])
    expect(reasons.map((r) => (r as { reason: string }).reason).sort()).toEqual([
      'invalid-batch',
      'not-json',
      'wrong-subject',
    ])
    await nc.close()
    const warnings = logs.filter((l) => l['event'] === 'thresholds-defaulted')
    expect(warnings.map((w) => w['patientKey'])).toContain('p00000')
    expect(warnings.map((w) => w['patientKey'])).not.toContain('p00001')
  }, 120_000)
})
