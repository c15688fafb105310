// The hub end to end: real recordings encoded as Contec V7 serial bytes and replayed through the real
// decoder, per-patient threshold alerts, a durable file outbox, the FHIR sandbox on 127.0.0.1.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { isOpenwardError, makeSample, NO_FLAGS, type OximetrySample } from '@openward/core'
import { createOutbox, createTransport } from '@openward/fhir'
import { fileOutboxStore } from '@openward/fhir/node'
import { createSandbox, type Sandbox } from '@openward/fhir-sandbox'
import { deviceRecordingFromSamples, importOximetryCsv } from '@openward/oximeter'
import { detectThresholdAlerts, type LevelChange, NHSE_OXIMETRY_HOME_BANDS } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import { defer, lastValueFrom, toArray, VirtualTimeScheduler } from 'rxjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { csvAsContecRecording, replayedFeed } from '../src/device-feeds.js'
import { wardHub } from '../src/ward-hub.js'
import type { WardPatient } from '../src/ward-model.js'
import { identifiers, observationsByPatient } from './fhir-readback.js'

const shared = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../shared/data/spo2/${name}`, import.meta.url)), 'utf8')

const START = Date.parse('2026-03-02T08:00:00Z')
const ALICE: WardPatient = { nhsNumber: '9000000009', name: 'Alice (NHSE bands)' }
const BOB: WardPatient = {
  nhsNumber: '9000000017',
  name: 'Bob (COPD target 88–92 %)',
  bands: { normalAtOrAbove: 88, reviewAtOrAbove: 86 },
}
const CAROL: WardPatient = { nhsNumber: '9000000025', name: 'Carol (scripted)' }

const csvSamples = (csv: string): OximetrySample[] => {
  const r = importOximetryCsv(csv, { startTimeMs: START })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return r.right
}
const change = (e: LevelChange) => ({ type: e.type, from: e.from, to: e.to, atMs: e.atMs, sinceMs: e.sinceMs })

/** Carol: 60 s at 97 %, the device silent for 45 s, then 30 s at 93 % (review band), 1 Hz. */
function carolSamples(): OximetrySample[] {
  const at = (s: number, spo2: number) =>
    makeSample({
      timeMs: START + s * 1000,
      clock: 'host',
      spo2,
      pulseRate: 80,
      flags: NO_FLAGS,
      provenance: { protocol: 'contec-v7' },
    })
  return [...Array.from({ length: 60 }, (_, s) => at(s, 97)), ...Array.from({ length: 30 }, (_, s) => at(105 + s, 93))]
}

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 })
})
afterAll(async () => {
  await sandbox?.close()
})

describe('virtual-ward hub over replayed devices (virtual time)', () => {
  it('raises each patient’s alerts with that patient’s bands and stores every Observation exactly once', async () => {
    const aliceCsv = shared('ubicomp_varied_fio2_100002_masimo_1hz.csv')
    const bobCsv = shared('ubicomp_varied_fio2_100003_masimo_1hz.csv')
    const scheduler = new VirtualTimeScheduler()
    const feeds = [
      replayedFeed(ALICE, 'cms50-alice', csvAsContecRecording(aliceCsv, START, { id: 'cms50-alice' }), { scheduler }),
      replayedFeed(BOB, 'cms50-bob', csvAsContecRecording(bobCsv, START, { id: 'cms50-bob' }), { scheduler }),
      replayedFeed(
        CAROL,
        'cms50-carol',
        deviceRecordingFromSamples(carolSamples(), {
          protocol: 'contec-v7',
          device: { id: 'cms50-carol' },
          clock: 'host',
        }),
        { scheduler },
      ),
    ]
    const journal = join(mkdtempSync(join(tmpdir(), 'ward-hub-')), 'outbox.ndjson')
    const outbox = createOutbox({
      store: fileOutboxStore(journal),
      transport: createTransport({ baseUrl: sandbox.baseUrl }),
    })
    // The server commits the first transaction and the response is lost; the client's retry of it
    // then fails with a 500. The outbox must neither lose nor duplicate those entries.
    sandbox.injectFault({ method: 'POST', path: /^\/fhir\/?$/, dropResponse: true })
    sandbox.injectFault({ method: 'POST', path: /^\/fhir\/?$/, status: 500 })

    const events = lastValueFrom(wardHub({ feeds, outbox, scheduler, batchMs: 60_000 }).pipe(toArray()))
    scheduler.flush()
    const all = await events
    const alertsOf = (p: WardPatient) =>
      all.flatMap((e) => (e.type === 'alert' && e.patient.nhsNumber === p.nhsNumber ? [e] : []))

    // Alice and Bob: the same level changes as the batch detector on the study's own CSV rows
    // (independent of the byte encoding, the decoder, the replay and perPatient).
    const expectedAlice = detectThresholdAlerts(csvSamples(aliceCsv), { bands: NHSE_OXIMETRY_HOME_BANDS })
    const expectedBob = detectThresholdAlerts(csvSamples(bobCsv), { bands: BOB.bands! })
    expect(expectedAlice.some((e) => e.to === 'urgent')).toBe(true)
    const levelChanges = (p: WardPatient) => alertsOf(p).flatMap((e) => ('from' in e.event ? [change(e.event)] : []))
    expect(levelChanges(ALICE)).toEqual(expectedAlice.map(change))
    expect(levelChanges(BOB)).toEqual(expectedBob.map(change))
    // Staleness runs on arrival time: Bob's recording ends 56 s before Alice's, so 30 s after his last
    // sample arrived (virtual clock) his data is stale while the hub keeps running for Alice.
    const lastOffset = (csv: string) => csvSamples(csv).at(-1)!.timeMs - START
    expect(
      alertsOf(BOB)
        .filter((e) => e.event.type === 'stale')
        .map((e) => e.event.atMs),
    ).toEqual([lastOffset(bobCsv) + 30_000])
    expect(lastOffset(aliceCsv)).toBeGreaterThan(lastOffset(bobCsv) + 30_000)
    expect(alertsOf(ALICE).filter((e) => e.event.type === 'stale')).toEqual([])
    expect(expectedBob.length).not.toBe(expectedAlice.length) // the bands made a difference

    // Carol, by the rule's definition: stale 30 s after her last valid sample (t = 59 s), data
    // resumed at t = 105 s, review after 15 s in the 93 % band (the gap restarted the timers).
    // (Virtual clock: the replays start at scheduler time 0, so arrival time = recording offset.)
    expect(alertsOf(CAROL).map((e) => e.event)).toMatchObject([
      { type: 'stale', atMs: 59_000 + 30_000, lastValidMs: START + 59_000, level: 'normal' },
      { type: 'data-resumed', atMs: 105_000, level: 'normal' },
      { type: 'escalated', from: 'normal', to: 'review', sinceMs: START + 105_000, atMs: START + 120_000 },
      // her device ends at t = 134 s while the ward keeps running: stale again, still at review
      { type: 'stale', atMs: 134_000 + 30_000, lastValidMs: START + 134_000, level: 'review' },
    ])
    expect(alertsOf(CAROL).find((e) => e.event.type === 'escalated')?.nadir).toBe(93)

    // FHIR: one SpO2 + one pulse-rate Observation per usable second, one per escalation, each exactly once.
    expect(all.filter((e) => e.type === 'upload-failed')).toHaveLength(1) // the failed upload was reported
    // ... and the next flush found the committed entries on the server instead of sending them again
    expect(all.reduce((n, e) => n + (e.type === 'uploaded' ? e.report.reconciled : 0), 0)).toBeGreaterThan(0)
    expect(await outbox.size()).toBe(0)
    const stored = await observationsByPatient(sandbox.baseUrl)
    const usable = (csv: string) => csvSamples(csv).filter((s) => s.spo2 !== null && s.pulseRate !== null).length
    const expectedCounts = new Map([
      [
        ALICE.nhsNumber,
        { readings: 2 * usable(aliceCsv), alerts: expectedAlice.filter((e) => e.type === 'escalated').length },
      ],
      [
        BOB.nhsNumber,
        { readings: 2 * usable(bobCsv), alerts: expectedBob.filter((e) => e.type === 'escalated').length },
      ],
      [CAROL.nhsNumber, { readings: 2 * 90, alerts: 1 }],
    ])
    expect([...stored.keys()].sort()).toEqual([...expectedCounts.keys()].sort())
    for (const [nhs, expected] of expectedCounts) {
      const ids = identifiers(stored.get(nhs)!)
      expect({ nhs, readings: ids.readings.length, alerts: ids.alerts.length }).toEqual({ nhs, ...expected })
      expect(new Set(ids.readings).size).toBe(ids.readings.length)
      expect(new Set(ids.alerts).size).toBe(ids.alerts.length)
    }
  })
})

describe('virtual-ward hub: a patient’s unusable bands', () => {
  it('stop the hub at start with the patient named, before any sample flows (not mid-shift at that patient’s first sample)', async () => {
    const scheduler = new VirtualTimeScheduler()
    const dave: WardPatient = {
      nhsNumber: '9000000033',
      name: 'Dave',
      bands: { normalAtOrAbove: 86, reviewAtOrAbove: 88 },
    }
    let subscribed = 0
    const feeds = [
      replayedFeed(
        ALICE,
        'cms50-alice',
        deviceRecordingFromSamples(carolSamples(), { protocol: 'contec-v7', device: { id: 'x' }, clock: 'host' }),
        { scheduler },
      ),
      replayedFeed(
        dave,
        'cms50-dave',
        deviceRecordingFromSamples(carolSamples(), { protocol: 'contec-v7', device: { id: 'x' }, clock: 'host' }),
        { scheduler },
      ),
    ].map((f) => ({ ...f, samples$: defer(() => ((subscribed += 1), f.samples$)) }))
    const journal = join(mkdtempSync(join(tmpdir(), 'ward-hub-')), 'outbox.ndjson')
    const outbox = createOutbox({
      store: fileOutboxStore(journal),
      transport: createTransport({ baseUrl: sandbox.baseUrl }),
    })
    const run = lastValueFrom(wardHub({ feeds, outbox, scheduler }).pipe(toArray()))
    scheduler.flush()
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isOpenwardError(error, 'InvalidField')).toBe(true)
    expect((error as Error).message).toContain('9000000033')
    expect(subscribed).toBe(0)
  })
})
