// The hub with a real serial port: a socat pty pair, the `serialport` package and the registry's
// Contec V7 decoder for one patient, a real recording replayed at 60× for another, real time.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { OximetrySample } from '@openward/core'
import { createOutbox, createTransport } from '@openward/fhir'
import { openFileOutboxStoreOrThrow } from '@openward/fhir/node'
import { createSandbox, type Sandbox } from '@openward/fhir-sandbox'
import { encodeContecV7, importOximetryCsv } from '@openward/oximeter'
import { detectThresholdAlerts } from '@openward/spo2'
import * as E from 'fp-ts/lib/Either.js'
import { lastValueFrom, tap, toArray } from 'rxjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { csvAsContecRecording, replayedFeed, serialFeed } from '../src/device-feeds.js'
import { type WardEvent, wardHub } from '../src/ward-hub.js'
import type { WardPatient } from '../src/ward-model.js'
import { identifiers, observationsByPatient } from './fhir-readback.js'
import { openPtyPair, type PtyPair, until } from '@openward/testing'

const DAVE: WardPatient = { nhsNumber: '9000000033', name: 'Dave (serial)' }
const ERIN: WardPatient = { nhsNumber: '9000000041', name: 'Erin (replayed)' }
// Shortened so the test runs in seconds; the defaults are 15 s persistence and 30 s staleness.
const ALERTS = { persistMs: 1_500, staleAfterMs: 1_500 }
const DAVE_FRAMES = 80

const frame = (spo2: number, pulseRate: number) =>
  encodeContecV7({
    _tag: 'ContecV7RealTime',
    signalStrength: 5,
    searchingTooLong: false,
    lowSpo2: false,
    pulseBeep: false,
    probeError: false,
    pleth: 64,
    searchingPulse: false,
    barGraph: 3,
    piInvalid: false,
    reservedBits: 0,
    pulseRate,
    spo2,
    perfusionIndexRaw: 250,
  })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let sandbox: Sandbox
let pty: PtyPair
beforeAll(async () => {
  sandbox = await createSandbox({ port: 0 })
  pty = await openPtyPair()
})
afterAll(async () => {
  await pty?.close()
  await sandbox?.close()
})

describe('virtual-ward hub with a device on a real serial port', () => {
  it('alerts on the serial patient, goes stale when the device falls silent, and stores every reading once', async () => {
    // Erin: the first 4 minutes of a real recording, replayed at 60× real time (4 s).
    const csv = readFileSync(
      fileURLToPath(new URL('../../../../shared/data/spo2/ubicomp_varied_fio2_100004_masimo_1hz.csv', import.meta.url)),
      'utf8',
    )
    const erinCsv = csv.split('\n').slice(0, 241).join('\n')
    const start = Math.floor(Date.now() / 1000) * 1000
    const erin = replayedFeed(ERIN, 'cms50-erin', csvAsContecRecording(erinCsv, start, { id: 'cms50-erin' }), {
      speed: 60,
    })
    const dave = await serialFeed(DAVE, pty.sdkPath, 'contec-v7')
    const daveSamples: OximetrySample[] = []
    dave.connection.samples$.subscribe((s) => daveSamples.push(s))

    const journal = join(mkdtempSync(join(tmpdir(), 'ward-serial-')), 'outbox.ndjson')
    const outbox = createOutbox({
      store: openFileOutboxStoreOrThrow(journal),
      transport: createTransport({ baseUrl: sandbox.baseUrl }),
    })
    const seen: WardEvent[] = []
    const events = lastValueFrom(
      wardHub({ feeds: [dave.feed, erin], outbox, alerts: ALERTS, batchMs: 500 }).pipe(
        tap((e) => seen.push(e)),
        toArray(),
      ),
    )

    // Dave's oximeter: 1 s at 97 %, 3 s at 91 % (urgent band), 20 frames a second; then silence.
    // 3 s, twice the 1.5 s persistence, so frames bunched by a stalled relay on a loaded machine
    // still span it (their times are the host's receipt times).
    for (let i = 0; i < DAVE_FRAMES; i++) {
      await pty.write(frame(i < 20 ? 97 : 91, 70 + (i % 5)))
      await sleep(50)
    }
    // The silence is over when the hub says so: wait for Dave's stale alert itself, not a fixed
    // 2.5 s (under CI load the last frames can arrive late, and closing first loses the alert).
    await until(() => seen.some((e) => e.type === 'alert' && e.patient === DAVE && e.event.type === 'stale'), 20_000)
    await dave.connection.close()
    const all = await events

    const daveAlerts = all.flatMap((e) => (e.type === 'alert' && e.patient === DAVE ? [e] : []))
    expect(daveSamples.map((s) => s.spo2)).toEqual(Array.from({ length: DAVE_FRAMES }, (_, i) => (i < 20 ? 97 : 91)))
    expect(daveAlerts.map((e) => e.event)).toMatchObject([
      { type: 'escalated', from: 'normal', to: 'urgent' },
      { type: 'stale', level: 'urgent' },
    ])
    expect(daveAlerts[0]!.nadir).toBe(91)
    const lastValid = daveSamples.at(-1)!.timeMs
    expect(daveAlerts[1]!.event).toMatchObject({ lastValidMs: lastValid })

    // Erin: the level changes the batch detector finds on the CSV rows with the same options.
    const erinRows = importOximetryCsv(erinCsv, { startTimeMs: start })
    if (E.isLeft(erinRows)) throw new Error(erinRows.left.message)
    const expectedErin = detectThresholdAlerts(erinRows.right, ALERTS)
    expect(expectedErin.length).toBeGreaterThan(0)
    const erinChanges = all.flatMap((e) =>
      e.type === 'alert' && e.patient === ERIN && 'from' in e.event ? [[e.event.type, e.event.to, e.event.atMs]] : [],
    )
    expect(erinChanges).toEqual(expectedErin.map((e) => [e.type, e.to, e.atMs]))

    // FHIR: Dave's 20 frames a second are stored as one reading per second (per received second),
    // Erin's 1 Hz rows all; one alert Observation per escalation; nothing twice.
    const stored = await observationsByPatient(sandbox.baseUrl)
    const daveSeconds = new Set(daveSamples.map((s) => Math.floor(s.timeMs / 1000))).size
    const dIds = identifiers(stored.get(DAVE.nhsNumber) ?? [])
    expect(dIds.readings).toHaveLength(2 * daveSeconds)
    expect(dIds.alerts).toHaveLength(1)
    const eIds = identifiers(stored.get(ERIN.nhsNumber) ?? [])
    expect(eIds.readings).toHaveLength(2 * 240)
    expect(eIds.alerts).toHaveLength(expectedErin.filter((e) => e.type === 'escalated').length)
    for (const ids of [dIds, eIds])
      expect(new Set([...ids.readings, ...ids.alerts]).size).toBe(ids.readings.length + ids.alerts.length)
    expect(await outbox.size()).toBe(0)
  })
})
