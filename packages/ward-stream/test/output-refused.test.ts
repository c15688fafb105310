import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { makeSample, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { ensureWard } from '../src/node/ensure-ward.js'
import { startWorker } from '../src/node/ward-worker.js'
import { publishSamples } from '../src/publish-samples.js'
import type { WardLogger } from '../src/ward-logger.js'
import type { WardEventOutput } from '../src/ward-output.js'
import { streamMessages } from './helpers/stream-messages.js'
import { natsFixture, until } from './helpers/nats-fixture.js'

const T0 = Date.parse('2026-01-05T08:00:00Z')
const minute = (m: number, spo2: number): OximetrySample[] =>
  Array.from({ length: 60 }, (_, t) =>
    makeSample({
      timeMs: T0 + (m * 60 + t) * 1000,
      clock: 'host',
      spo2,
      pulseRate: 70,
      provenance: { protocol: 'test' },
    }),
  )

describe('outputs refused while the checkpoints bucket still takes writes (H-WS-18)', () => {
  const fixture = natsFixture()

  it("does not store a patient's checkpoint past an output that was not stored: after the outage the alert is emitted (was: the record skipped it on restart)", async () => {
    const nc = fixture.nc()
    const tenant = 'outage'
    const jsm = await jetstreamManager(nc)
    const ward = await ensureWard(nc, jsm, tenant, { partitions: 1 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    const names = ward.right.names
    const logs: { event: string; fields: Readonly<Record<string, unknown>> }[] = []
    const logger: WardLogger = { log: (_l, event, fields = {}) => void logs.push({ event, fields }) }
    const worker = await startWorker(nc, { tenant, workerId: 'w', logger, checkpointIntervalMs: 500 })()
    if (E.isLeft(worker)) throw new Error(worker.left.message)
    const js = jetstream(nc)
    const publish = async (samples: OximetrySample[]) => {
      const r = await publishSamples(js, { tenant, partitions: 1 }, 'p1', 'ox', samples)()
      if (E.isLeft(r)) throw new Error(r.left.message)
      return r.right.stored
    }
    const first = await publish(minute(0, 97))
    await until('minute 0 processed', () => worker.right.processed() >= first)
    // A checkpoint covers minute 0, so a restart has something to restore.
    await until('minute 0 checkpointed', async () => (await checkpointed()) >= first)

    // The output stream goes away (its leader lost, in a cluster); the bucket keeps working. The
    // patient desaturates meanwhile: the escalation's publish is refused.
    await jsm.streams.delete(names.outStream)
    const second = await publish(minute(1, 91))
    await until('the partition gave up on the refused output', () => logs.some((l) => l.event === 'partition-restart'))
    // The stream is back; the restarted partition replays from its checkpoint.
    const again = await ensureWard(nc, jsm, tenant, { partitions: 1 })()
    if (E.isLeft(again)) throw new Error(again.left.message)
    await until('the escalation stored', async () => (await escalations()).length > 0, 30_000)
    expect(await escalations()).toEqual(['urgent'])
    expect(first + second).toBeGreaterThan(0)
    await worker.right.drain()

    async function checkpointed(): Promise<number> {
      const kv = await jsm.streams.getMessage(`KV_${names.checkpointsBucket}`, {
        last_by_subj: `$KV.${names.checkpointsBucket}.floor.0`,
      })
      return kv === null ? 0 : kv.json<{ seq: number }>().seq
    }
    async function escalations(): Promise<string[]> {
      const out: string[] = []
      for (const m of await streamMessages(jsm, names.outStream)) {
        const o = m.json<WardEventOutput>()
        if (o.kind === 'alert' && o.event.type === 'escalated') out.push(String(o.event.level))
      }
      return out
    }
  }, 60_000)
})
