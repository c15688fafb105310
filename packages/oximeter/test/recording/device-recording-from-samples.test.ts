import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { OximetrySample } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import { VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'

import { importOximetryCsv } from '../../src/import/oximetry-csv.js'
import { deviceRecordingFromSamples } from '../../src/recording/device-recording-from-samples.js'
import { replay } from '../../src/replay/replay-recording.js'

const csv = readFileSync(
  fileURLToPath(new URL('../../../../examples/demo/data/ubicomp_varied_fio2_100001_masimo_1hz.csv', import.meta.url)),
  'utf8',
)

function replayAll(text: string): OximetrySample[] {
  const scheduler = new VirtualTimeScheduler()
  const out: OximetrySample[] = []
  replay(text, { scheduler }).subscribe({ next: (s) => out.push(s), error: (e: unknown) => expect.fail(String(e)) })
  scheduler.flush()
  return out
}

const imported = importOximetryCsv(csv, { startTimeMs: 1_700_000_000_000 })
const samples = E.isRight(imported) ? imported.right : []

describe('deviceRecordingFromSamples', () => {
  it.each(['plx-continuous', 'contec-v7'] as const)(
    '%s: a real recording re-encoded as device frames replays to the same times and values',
    (protocol) => {
      expect(samples.length).toBeGreaterThan(1000)
      const back = replayAll(deviceRecordingFromSamples(samples, { protocol, device: { id: 'study' } }))
      expect(back.map((s) => [s.timeMs, s.spo2, s.pulseRate])).toEqual(
        samples.map((s) => [s.timeMs, s.spo2, s.pulseRate]),
      )
      expect(back.every((s) => s.provenance.protocol === protocol)).toBe(true)
    },
  )

  it('a missing value travels as the protocol’s own "no value" code and comes back as null', () => {
    const withGap: OximetrySample[] = [
      { ...samples[0]!, spo2: null },
      { ...samples[1]!, pulseRate: null },
      { ...samples[2]!, spo2: null, pulseRate: null },
    ]
    const plx = replayAll(deviceRecordingFromSamples(withGap, { protocol: 'plx-continuous', device: {} }))
    expect(plx.map((s) => [s.spo2, s.pulseRate])).toEqual([
      [null, samples[0]!.pulseRate],
      [samples[1]!.spo2, null],
      [null, null],
    ])
    const contec = replayAll(deviceRecordingFromSamples(withGap, { protocol: 'contec-v7', device: {} }))
    expect(contec.map((s) => [s.spo2, s.pulseRate, s.flags.fingerOut])).toEqual([
      [null, samples[0]!.pulseRate, false],
      [samples[1]!.spo2, null, false],
      [null, null, true],
    ])
  })
})
