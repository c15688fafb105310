import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { makeSample, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { ensureWard } from '../src/node/ensure-ward.js'
import { startWorker, type WardWorker } from '../src/node/ward-worker.js'
import { setPatientThresholds } from '../src/patient-thresholds.js'
import { publishSamples } from '../src/publish-samples.js'
import type { WardLogger } from '../src/ward-logger.js'
import type { WardEventOutput } from '../src/ward-output.js'
import { streamMessages } from './helpers/stream-messages.js'
import { natsFixture, until } from './helpers/nats-fixture.js'

const T0 = Date.parse('2026-01-05T08:00:00Z')
const COPD = { normalAtOrAbove: 88, reviewAtOrAbove: 86 }
const NHSE = { normalAtOrAbove: 95, reviewAtOrAbove: 93 }
/** A minute at 91 %: urgent in the NHSE bands (< 93), normal in the COPD bands (≥ 88). */
const minuteAt91 = (minute: number): OximetrySample[] =>
  Array.from({ length: 60 }, (_, t) =>
    makeSample({
      timeMs: T0 + (minute * 60 + t) * 1000,
      clock: 'host',
      spo2: 91,
      pulseRate: 70,
      provenance: { protocol: 'test' },
    }),
  )

interface Log {
  readonly level: string
  readonly event: string
  readonly fields: Readonly<Record<string, unknown>>
}

describe("a patient's thresholds changed while the ward runs (H-WS-17)", () => {
  const fixture = natsFixture()

  it('reach the running detector from the first batch stored after the change (set, tightened, deleted, made unusable), and a patient restored on another worker gets its entry as it is now, from the same batch', async () => {
    const nc = fixture.nc()
    const tenant = 'rebands'
    const ward = await ensureWard(nc, await jetstreamManager(nc), tenant, { partitions: 2 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    const kv = await new Kvm(nc).open(ward.right.names.thresholdsBucket)
    const set = async (key: string, bands: typeof COPD) => {
      const r = await setPatientThresholds(nc, tenant, key, bands)()
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    await set('p-tighten', COPD)
    await set('p-deleted', COPD)
    await set('p-broken', COPD)
    // p-loosen has no entry: the NHSE bands, until the COPD entry arrives.

    const logs: Log[] = []
    const logger: WardLogger = { log: (level, event, fields = {}) => void logs.push({ level, event, fields }) }
    const js = jetstream(nc)
    let stored = 0
    const publishMinute = async (minute: number) => {
      for (const key of ['p-loosen', 'p-tighten', 'p-deleted', 'p-broken']) {
        const r = await publishSamples(js, { tenant, partitions: 2 }, key, 'ox', minuteAt91(minute))()
        if (E.isLeft(r)) throw new Error(r.left.message)
        stored += r.right.stored
      }
    }
    const startW = async (workerId: string): Promise<WardWorker> => {
      const w = await startWorker(nc, { tenant, workerId, logger, checkpointIntervalMs: 1_000 })()
      if (E.isLeft(w)) throw new Error(w.left.message)
      return w.right
    }
    const logged = (event: string, key: string) =>
      logs.filter((l) => l.event === event && l.fields['patientKey'] === key)

    const w1 = await startW('w1')
    // Written after w1 loaded the bucket, just before the patient's first sample: read-your-writes
    // (the worker's watched copy catches up with the bucket before a new patient gets its bands).
    await set('p-late', COPD)
    const late = await publishSamples(js, { tenant, partitions: 2 }, 'p-late', 'ox', minuteAt91(0))()
    if (E.isLeft(late)) throw new Error(late.left.message)
    stored += late.right.stored
    await publishMinute(0)
    await until('minute 0 processed', () => w1.processed() >= stored)

    // While w1 runs: the entries change, then minute 1 is published. A change applies from the first
    // batch the server stores after it, so minute 1 is judged by the new bands.
    await set('p-loosen', COPD)
    await set('p-tighten', NHSE)
    await kv.delete('p-deleted')
    await kv.put('p-broken', 'ninety-one')
    await publishMinute(1)
    await until('minute 1 processed', () => w1.processed() >= stored)
    for (const [event, key] of [
      ['thresholds-applied', 'p-loosen'],
      ['thresholds-applied', 'p-tighten'],
      ['thresholds-defaulted', 'p-deleted'],
      ['thresholds-invalid', 'p-broken'],
    ] as const)
      expect(logged(event, key).length, `${event} ${key}`).toBe(1)
    expect(logged('thresholds-applied', 'p-loosen')[0]!.fields).toMatchObject({ from: NHSE, bands: COPD })
    expect(logged('thresholds-defaulted', 'p-deleted')[0]).toMatchObject({ level: 'warn', fields: { bands: NHSE } })
    expect(logged('thresholds-invalid', 'p-broken')[0]).toMatchObject({ level: 'error', fields: { bands: NHSE } })
    await w1.drain()

    // No worker runs. Minute 2 is stored, then p-tighten's entry goes back to COPD, then minute 3 is
    // stored. Its checkpoint says NHSE. The next owner must judge minute 2 by NHSE and minute 3 by
    // COPD, as an owner that had run all along would have: a takeover replays the same alerts.
    const before2 = stored
    await publishMinute(2)
    await set('p-tighten', COPD)
    await publishMinute(3)
    const w2 = await startW('w2')
    await until('minutes 2 and 3 processed', () => w2.processed() >= stored - before2)
    await w2.drain()
    expect(logged('thresholds-applied', 'p-tighten').length).toBe(2)
    expect(logged('thresholds-applied', 'p-tighten')[1]!.fields).toMatchObject({ from: NHSE, bands: COPD })

    const jsm = await jetstreamManager(nc)
    const levels = new Map<string, string[]>()
    for (const m of await streamMessages(jsm, ward.right.names.outStream)) {
      const out = m.json<WardEventOutput>()
      if (out.kind !== 'alert' || out.event.source !== 'threshold-alerts') continue
      const minute = Math.floor((out.event.atMs - T0) / 60_000)
      levels.set(out.patientKey, [
        ...(levels.get(out.patientKey) ?? []),
        `${minute}:${out.event.type}:${out.event.level}`,
      ])
    }
    // p-loosen: urgent under NHSE in minute 0, back to normal in minute 1 by the COPD bands' recovery rule.
    expect(levels.get('p-loosen')).toEqual(['0:escalated:urgent', '1:de-escalated:normal'])
    // p-tighten: quiet under COPD, urgent once NHSE applies (minute 1), still urgent through minute 2
    // (stored before the change back), normal in minute 3 (stored after it).
    expect(levels.get('p-tighten')).toEqual(['1:escalated:urgent', '3:de-escalated:normal'])
    // Entry deleted or unusable: the NHSE bands apply from minute 1, so 91 % escalates.
    expect(levels.get('p-deleted')).toEqual(['1:escalated:urgent'])
    expect(levels.get('p-broken')).toEqual(['1:escalated:urgent'])
    expect(levels.get('p-late')).toBeUndefined()
    expect(logs.filter((l) => l.fields['patientKey'] === 'p-late')).toEqual([])
  }, 90_000)
})
