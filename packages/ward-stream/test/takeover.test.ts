import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import type { NatsConnection } from '@nats-io/nats-core'
import { makeSample, type OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ensureWard } from '../src/node/ensure-ward.js'
import { type NatsServerHandle, startNatsServer } from '../src/node/nats-server.js'
import { startWorker, type WardWorker } from '../src/node/ward-worker.js'
import { publishSamples } from '../src/publish-samples.js'
import { phaseOf } from '../src/stagger.js'
import type { WardLogger } from '../src/ward-logger.js'
import type { WardSummaryOutput } from '../src/ward-output.js'

const PATIENTS = 400 // more than one restore page (256 checkpoint records) in one partition
const T0 = Date.parse('2026-01-05T08:00:00Z')
const HANDOVER_S = 75 // minute 0 is over; patients with a phase over 15 s have not emitted it yet
const END_S = 150
const keyOf = (i: number): string => `p${String(i).padStart(4, '0')}`

function samplesOf(i: number, fromS: number, toS: number): OximetrySample[] {
  const out: OximetrySample[] = []
  for (let t = fromS; t < toS; t++)
    out.push(
      makeSample({
        timeMs: T0 + t * 1000,
        clock: 'host',
        spo2: (t + i) % 41 === 0 ? null : 90 + ((t * 7 + i * 3) % 9),
        pulseRate: 70 + (t % 20),
        provenance: { protocol: 'test' },
      }),
    )
  return out
}

/** A minute's figures straight from the samples (not through the worker's summariser). */
function minuteOf(i: number, minute: number): Partial<WardSummaryOutput> {
  const s = samplesOf(i, minute * 60, minute * 60 + 60)
  const valid = s.flatMap((x) => (x.spo2 === null ? [] : [x.spo2]))
  return {
    minuteStartMs: T0 + minute * 60_000,
    samples: s.length,
    validSamples: valid.length,
    minSpo2: Math.min(...valid),
    meanSpo2: Math.round((valid.reduce((a, b) => a + b, 0) / valid.length) * 10) / 10,
    lastSpo2: s.at(-1)!.spo2,
    lastTimeMs: s.at(-1)!.timeMs,
  }
}

const collector = (): WardLogger & { events: { event: string; fields?: Record<string, unknown> }[] } => {
  const events: { event: string; fields?: Record<string, unknown> }[] = []
  return { events, log: (_l, event, fields) => void events.push({ event, ...(fields ? { fields } : {}) }) }
}

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('a partition handed over with hundreds of patients', () => {
  let nats: NatsServerHandle
  let nc: NatsConnection
  beforeAll(async () => {
    nats = await startNatsServer()
    nc = await connect({ servers: nats.url })
  })
  afterAll(async () => {
    await nc?.close()
    await nats?.stop()
  })

  it('restores every checkpointed patient (not only the first 256), and every minute summary is emitted once, staggered, with the minute-aligned content', async () => {
    const tenant = 'handover'
    const ward = await ensureWard(nc, await jetstreamManager(nc), tenant, { partitions: 1, leaseTtlMs: 3_000 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    const js = jetstream(nc)
    const publish = async (fromS: number, toS: number): Promise<number> => {
      let messages = 0
      for (let i = 0; i < PATIENTS; i += 50)
        await Promise.all(
          Array.from({ length: Math.min(50, PATIENTS - i) }, async (_, j) => {
            const r = await publishSamples(
              js,
              { tenant, partitions: 1 },
              keyOf(i + j),
              'ox',
              samplesOf(i + j, fromS, toS),
            )()
            if (E.isLeft(r)) throw new Error(r.left.message)
            messages += r.right.stored
          }),
        )
      return messages
    }
    const start = async (id: string, logger: WardLogger): Promise<WardWorker> => {
      const w = await startWorker(nc, { tenant, workerId: id, logger, checkpointIntervalMs: 1_000 })()
      if (E.isLeft(w)) throw new Error(w.left.message)
      return w.right
    }

    const logA = collector()
    const a = await start('a', logA)
    const first = await publish(0, HANDOVER_S)
    await until('worker a to process the first part', () => a.processed() >= first)
    await a.drain() // last checkpoint of every patient, lease released

    const logB = collector()
    const b = await start('b', logB)
    const second = await publish(HANDOVER_S, END_S)
    await until('worker b to process the rest', () => b.processed() >= second)
    await b.drain()

    // Every patient was new to worker a (no thresholds: NHSE bands and a warning each); worker b
    // restored them all from their checkpoints, so it created none afresh.
    expect(logA.events.filter((e) => e.event === 'thresholds-defaulted')).toHaveLength(PATIENTS)
    expect(logB.events.filter((e) => e.event === 'thresholds-defaulted')).toHaveLength(0)
    // A graceful hand-over: worker a's last checkpoint moved the floor to the end, so b replays nothing.
    expect(logB.events.find((e) => e.event === 'partition-started')?.fields).toMatchObject({
      patients: PATIENTS,
      fromSeq: first + 1,
    })

    // The summaries on the output stream: minutes 0 and 1 of every patient, once each, by sample time.
    const jsm = await jetstreamManager(nc)
    const info = await jsm.streams.info(ward.right.names.outStream)
    const consumer = await js.consumers.get(ward.right.names.outStream, {
      filter_subjects: ward.right.names.outSubject('summary', '*'),
    })
    const summaries: WardSummaryOutput[] = []
    for (;;) {
      const m = await consumer.next({ expires: 2_000 })
      if (m === null) break
      summaries.push(m.json<WardSummaryOutput>())
    }
    expect(info.state.messages).toBeGreaterThanOrEqual(summaries.length)
    expect(summaries).toHaveLength(2 * PATIENTS)
    const ids = new Set(summaries.map((s) => s.id))
    expect(ids.size).toBe(2 * PATIENTS)
    let emittedByB = 0
    for (let i = 0; i < PATIENTS; i++) {
      const mine = summaries.filter((s) => s.patientKey === keyOf(i)).sort((x, y) => x.minuteStartMs - y.minuteStartMs)
      expect(mine).toHaveLength(2)
      for (const m of [0, 1])
        expect(mine[m]).toMatchObject({ id: `${keyOf(i)}:summary:${T0 + m * 60_000}`, ...minuteOf(i, m) })
      // Minute 0 goes out with the patient's first batch holding second 60 + phase: before the handover
      // (second 75) for phases under 15 s, else by worker b from the finished minute in the checkpoint.
      const afterHandover = 60 + phaseOf(keyOf(i), 30) >= HANDOVER_S
      expect(mine[0]!.sourceSeq > first).toBe(afterHandover)
      if (afterHandover) emittedByB++
    }
    expect(emittedByB).toBeGreaterThan(PATIENTS / 4)
    expect(emittedByB).toBeLessThan(PATIENTS)
  }, 120_000)

  it("sends a finished minute's summary after summarySpreadMs of silence when the device stops before the patient's phase", async () => {
    const tenant = 'quiet'
    const ward = await ensureWard(nc, await jetstreamManager(nc), tenant, { partitions: 1, leaseTtlMs: 3_000 })()
    if (E.isLeft(ward)) throw new Error(ward.left.message)
    // A patient whose minute-0 summary is due at second 62 (phase 2 of 3); its device stops after second 61.
    const i = Array.from({ length: 100 }, (_, k) => k).find((k) => phaseOf(keyOf(k), 3) === 2)!
    const js = jetstream(nc)
    const w = await startWorker(nc, { tenant, workerId: 'q', checkpointIntervalMs: 1_000, summarySpreadMs: 3_000 })()
    if (E.isLeft(w)) throw new Error(w.left.message)
    try {
      const sent = await publishSamples(js, { tenant, partitions: 1 }, keyOf(i), 'ox', samplesOf(i, 0, 62))()
      if (E.isLeft(sent)) throw new Error(sent.left.message)
      const consumer = await js.consumers.get(ward.right.names.outStream, {
        filter_subjects: ward.right.names.outSubject('summary', keyOf(i)),
      })
      const m = await consumer.next({ expires: 20_000 })
      expect(m?.json<WardSummaryOutput>()).toMatchObject({ id: `${keyOf(i)}:summary:${T0}`, ...minuteOf(i, 0) })
    } finally {
      await w.right.drain()
    }
  }, 60_000)
})
