import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { makeSample, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { Subject } from 'rxjs'
import { describe, expect, it } from 'vitest'

import { ensureWard } from '../src/node/ensure-ward.js'
import { pipeSamples } from '../src/pipe-samples.js'
import type { PublishReport } from '../src/publish-samples.js'
import { decodeSampleBatch } from '../src/sample-batch.js'
import type { WardError } from '../src/ward-error.js'
import { streamMessages } from './helpers/stream-messages.js'
import { natsFixture, until } from './helpers/nats-fixture.js'

const sample = (i: number): OximetrySample =>
  makeSample({
    timeMs: 1_700_000_000_000 + i * 1000,
    clock: 'device',
    spo2: 90 + (i % 8),
    pulseRate: 70,
    provenance: { protocol: 'test' },
  })

describe('pipeSamples (the gateway) against a real nats-server', () => {
  const fixture = natsFixture()

  it('batches the server did not confirm are sent again until stored: every sample exactly once, in order (was: reported and dropped)', async () => {
    const nc = fixture.nc()
    // The ward's streams do not exist yet, so JetStream cannot confirm any publish: the state of a
    // gateway that starts before the ward, or while its stream is unavailable.
    const tenant = 'gw'
    const input = new Subject<OximetrySample>()
    const reports: E.Either<WardError, PublishReport>[] = []
    const sub = pipeSamples(input, jetstream(nc, { timeout: 1_000 }), { tenant, partitions: 4 }, 'p-1', 'ox-1', {
      maxBatchMs: 200,
      retryInitialDelayMs: 100,
      retryMaxDelayMs: 400,
    }).subscribe((r) => reports.push(r))
    for (let i = 0; i < 10; i++) input.next(sample(i))
    await until('a failed attempt', () => reports.some(E.isLeft))
    for (let i = 10; i < 20; i++) input.next(sample(i))
    const jsm = await jetstreamManager(nc)
    const ward = await ensureWard(nc, jsm, tenant, { partitions: 4 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    for (let i = 20; i < 30; i++) input.next(sample(i))
    // Read back everything the samples stream holds, until the 30 samples are there.
    const got: number[] = []
    const readBack = async (): Promise<void> => {
      got.length = 0
      for (const m of await streamMessages(jsm, ward.right.names.samplesStream)) {
        const batch = decodeSampleBatch(m.data)
        if (E.isRight(batch)) got.push(...batch.right.samples.map((s) => s.timeMs))
      }
    }
    const deadline = Date.now() + 20_000
    for (await readBack(); got.length < 30 && Date.now() < deadline; await readBack())
      await new Promise((r) => setTimeout(r, 100))
    sub.unsubscribe()
    expect(reports.filter(E.isLeft).every((r) => E.isLeft(r) && r.left._tag === 'NatsFailure')).toBe(true)
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => sample(i).timeMs))
  }, 60_000)

  it('a batch refused for its content is reported once and not retried', async () => {
    const nc = fixture.nc()
    const input = new Subject<OximetrySample>()
    const reports: E.Either<WardError, PublishReport>[] = []
    const sub = pipeSamples(input, jetstream(nc), { tenant: 'gw', partitions: 4 }, 'bad.key', 'ox-1', {
      maxBatchMs: 50,
      retryInitialDelayMs: 10,
    }).subscribe((r) => reports.push(r))
    input.next(sample(0))
    await until('the refusal', () => reports.length > 0)
    await new Promise((r) => setTimeout(r, 300))
    sub.unsubscribe()
    expect(reports).toHaveLength(1)
    expect(E.isLeft(reports[0]!) && reports[0].left._tag).toBe('InvalidKey')
  }, 30_000)
})
