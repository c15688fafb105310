import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { makeSample, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { ensureWard } from '../src/node/ensure-ward.js'
import { startWorker } from '../src/node/ward-worker.js'
import { publishSamples } from '../src/publish-samples.js'
import type { WardLogger } from '../src/ward-logger.js'
import type { WardEventOutput } from '../src/ward-output.js'
import { streamMessages } from './helpers/stream-messages.js'
import { natsFixture } from './helpers/nats-fixture.js'

const T0 = Date.parse('2026-01-05T08:00:00Z')
/** 30 s at 97 %, then 60 s at 91 % (urgent in the NHSE bands, review in the COPD bands 88/86 is normal). */
const samples = (): OximetrySample[] =>
  Array.from({ length: 90 }, (_, t) =>
    makeSample({
      timeMs: T0 + t * 1000,
      clock: 'host',
      spo2: t < 30 ? 97 : 91,
      pulseRate: 70,
      provenance: { protocol: 'test' },
    }),
  )

describe('a patient whose thresholds-bucket entry cannot be used', () => {
  const fixture = natsFixture()

  it('is monitored with the NHSE bands and an error log; the partition and the other patients carry on (was: a thrown read stopped the partition, or inverted bands made an inert detector)', async () => {
    const nc = fixture.nc()
    const tenant = 'badbands'
    const ward = await ensureWard(nc, await jetstreamManager(nc), tenant, { partitions: 1 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    const kv = await new Kvm(nc).open(ward.right.names.thresholdsBucket)
    await kv.put('p-text', 'ninety-two')
    await kv.put('p-inverted', JSON.stringify({ normalAtOrAbove: 86, reviewAtOrAbove: 88 }))
    await kv.put('p-copd', JSON.stringify({ normalAtOrAbove: 88, reviewAtOrAbove: 86 }))
    const logs: { level: string; event: string; fields?: Readonly<Record<string, unknown>> }[] = []
    const logger: WardLogger = {
      log: (level, event, fields) => void logs.push({ level, event, ...(fields ? { fields } : {}) }),
    }
    const worker = await startWorker(nc, { tenant, workerId: 'w', logger, checkpointIntervalMs: 1_000 })()
    if (E.isLeft(worker)) throw new Error(worker.left.message)
    const js = jetstream(nc)
    let stored = 0
    for (const key of ['p-text', 'p-inverted', 'p-copd']) {
      const r = await publishSamples(js, { tenant, partitions: 1 }, key, 'ox', samples())()
      if (E.isLeft(r)) throw new Error(r.left.message)
      stored += r.right.stored
    }
    const deadline = Date.now() + 30_000
    while (worker.right.processed() < stored && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    await worker.right.drain()
    expect(worker.right.processed()).toBe(stored)

    const invalid = logs.filter((l) => l.event === 'thresholds-invalid')
    expect(invalid.map((l) => [l.level, l.fields?.['patientKey']]).sort()).toEqual([
      ['error', 'p-inverted'],
      ['error', 'p-text'],
    ])
    const jsm = await jetstreamManager(nc)
    const escalations = new Map<string, string[]>()
    for (const m of await streamMessages(jsm, ward.right.names.outStream)) {
      const out = m.json<WardEventOutput>()
      if (out.kind === 'alert' && out.event.type === 'escalated')
        escalations.set(out.patientKey, [...(escalations.get(out.patientKey) ?? []), String(out.event.level)])
    }
    // NHSE bands for the two unusable entries: 91 % is urgent. The COPD patient's own bands: 91 % is normal.
    expect(escalations.get('p-text')).toEqual(['urgent'])
    expect(escalations.get('p-inverted')).toEqual(['urgent'])
    expect(escalations.get('p-copd')).toBeUndefined()
  }, 60_000)
})
