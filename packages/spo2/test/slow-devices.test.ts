import { makeSample, type OximetrySample } from '@openward/core'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import {
  createPatientDetector,
  detectSustainedBelow,
  detectThresholdAlerts,
  type PatientDetector,
  type PatientDetectorEvent,
  restorePatientDetector,
  type SustainedBelowEvent,
} from '../src/index.js'
import { OVERNIGHT, readSpo2Column } from './data.js'

const T0 = 1_700_000_000_000

/** A sample `tS` seconds after T0. */
const at = (tS: number, spo2: number | null): OximetrySample =>
  makeSample({ timeMs: T0 + tS * 1000, clock: 'recording', spo2, pulseRate: 80, provenance: { protocol: 'test' } })

/** One sample every `stepS` seconds from `fromS` to `toS` (inclusive), SpO2 from `spo2At(t seconds)`. */
function paced(stepS: number, toS: number, spo2At: (tS: number) => number | null, fromS = 0): OximetrySample[] {
  const out: OximetrySample[] = []
  for (let t = fromS; t <= toS; t += stepS) out.push(at(t, spo2At(t)))
  return out
}

/** SpO2 85 % at each of `timesS` (seconds after T0). */
const lowAt = (timesS: readonly number[]): OximetrySample[] => timesS.map((t) => at(t, 85))

/** The real overnight record as a device reading every `stepS` seconds would give it (every n-th second). */
function overnightEvery(stepS: number): OximetrySample[] {
  return readSpo2Column(OVERNIGHT).flatMap((v, i) =>
    i % stepS === 0
      ? [
          makeSample({
            timeMs: T0 + i * 1000,
            clock: 'recording',
            spo2: v > 0 ? v : null,
            pulseRate: null,
            provenance: { protocol: 'csv' },
          }),
        ]
      : [],
  )
}

const pushAll = (d: PatientDetector, samples: readonly OximetrySample[]): PatientDetectorEvent[] => [
  ...samples.flatMap((s) => d.push(s)),
  ...d.finish(),
]

const raisedStarts = (events: readonly SustainedBelowEvent[]): number[] =>
  events.flatMap((e) => (e.type === 'raised' ? [e.startMs] : []))

describe('devices slower than one reading every 5 s (the class of "ODI 0.0/h" on a 4 s oximeter)', () => {
  const intervals = [1, 2, 4, 5, 6, 8, 10, 15, 30, 60]

  it('a fall to 88 % for 10 minutes escalates to urgent and raises a sustained low at every interval from 1 s to 60 s', () => {
    for (const stepS of intervals) {
      // 97 % for 2 minutes, then 88 % (a 9-point fall, which the gate takes at once): before the fix every
      // step over 5 s was a gap, so at 6 s and slower the runs never lasted and neither rule ever fired
      // (only NEWS2 moved).
      const samples = paced(stepS, 720, (t) => (t < 120 ? 97 : 88))
      const events = pushAll(createPatientDetector({ patientKey: 'p' }), samples)
      const urgent = events.find((e) => e.source === 'threshold-alerts' && e.event.type === 'escalated')
      const raised = events.find((e) => e.source === 'sustained-below' && e.event.type === 'raised')
      expect(urgent?.source === 'threshold-alerts' && urgent.event.to, `${stepS} s`).toBe('urgent')
      expect(raised, `${stepS} s`).toBeDefined()
      // The run starts at the first low reading: no time before it is claimed.
      const firstLow = T0 + Math.ceil(120 / stepS) * stepS * 1000
      expect(raised!.startMs, `${stepS} s`).toBe(firstLow)
      expect(urgent!.startMs, `${stepS} s`).toBe(firstLow)
      // The batch forms agree with the detector.
      expect(raisedStarts(detectSustainedBelow(samples)), `${stepS} s`).toEqual([firstLow])
      expect(
        detectThresholdAlerts(samples).map((e) => e.to),
        `${stepS} s`,
      ).toEqual(['urgent'])
    }
  })

  it('a dropout longer than 1.5 × the device’s own interval still breaks the run (8 s device, 24 s step)', () => {
    const times = [0, 8, 16, 40, 48, 56, 64, 72]
    const samples = lowAt(times)
    const events = detectSustainedBelow(samples, { forMs: 20_000 })
    // Without the gap the run from 0 s would trip at 40 s; with it, the run restarts at 40 s and trips at 64 s.
    expect(events.map((e) => [e.type, e.startMs - T0, e.type === 'raised' ? e.trippedAtMs - T0 : null])).toEqual([
      ['raised', 40_000, 64_000],
      ['cleared', 40_000, null],
    ])
    const levels = detectThresholdAlerts(samples, { persistMs: 20_000 })
    expect(levels.map((e) => [e.to, e.startMs - T0, e.atMs - T0])).toEqual([['urgent', 40_000, 64_000]])
  })

  it('a 1 Hz device’s 6 s dropout is still a gap (the 5 s floor is unchanged for fast devices)', () => {
    const times = [...Array.from({ length: 10 }, (_, i) => i), ...Array.from({ length: 20 }, (_, i) => 15 + i)]
    const samples = lowAt(times)
    expect(raisedStarts(detectSustainedBelow(samples, { forMs: 12_000 }))).toEqual([T0 + 15_000])
  })

  it('a device that slows from 1 Hz to one reading every 8 s is followed at its new pace after 8 slower steps', () => {
    // 1 Hz for a minute, then every 8 s; low throughout. The first 8 slow steps are gaps (the stream's
    // interval is still 1 s), so the run that lasts starts at the 8th slow reading: 60 + 8 × 8 = 124 s.
    const fast = paced(1, 59, () => 85)
    const slow = paced(8, 400, () => 85, 60)
    const events = detectSustainedBelow([...fast, ...slow], { forMs: 60_000 })
    expect(raisedStarts(events)).toEqual([T0, T0 + 124_000])
  })

  it('the real overnight record read every 4 s and every 8 s raises the long low runs the 1 Hz record raises', () => {
    const options = { threshold: 90, forMs: 15_000 }
    const oneHz = detectSustainedBelow(overnightEvery(1), options)
    // Runs of a minute or more at 1 Hz: a slower device must see each of them.
    const long = oneHz.flatMap((e) => (e.type === 'cleared' && e.endMs - e.startMs >= 60_000 ? [e] : []))
    expect(long.length).toBeGreaterThan(0)
    for (const stepS of [4, 8]) {
      const slow = detectSustainedBelow(overnightEvery(stepS), options).filter((e) => e.type === 'cleared')
      expect(slow.length, `${stepS} s`).toBeGreaterThan(0)
      for (const run of long) {
        const seen = slow.some((e) => e.startMs < run.endMs && e.endMs > run.startMs)
        expect(seen, `${stepS} s: the run ${run.startMs - T0}–${run.endMs - T0} ms`).toBe(true)
      }
    }
  })
})

describe('the learned interval is part of the snapshot', () => {
  const input = overnightEvery(8)
  const options = {
    patientKey: 'slow',
    bands: { normalAtOrAbove: 94, reviewAtOrAbove: 92 },
    sustainedBelow: { threshold: 90 },
  }
  const restore = (u: unknown): PatientDetector => {
    const r = restorePatientDetector(u)
    if (E.isLeft(r)) throw new Error(r.left.message)
    return r.right
  }
  const whole = pushAll(createPatientDetector(options), input)

  it('the 8 s overnight raises threshold and sustained-low alerts with default gap limits', () => {
    expect(whole.some((e) => e.source === 'threshold-alerts')).toBe(true)
    expect(whole.some((e) => e.source === 'sustained-below')).toBe(true)
  })

  it('prefix → snapshot → JSON → restore → suffix equals one uninterrupted run of the 8 s device, at any split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: input.length }), (split) => {
        const first = createPatientDetector(options)
        const before = input.slice(0, split).flatMap((s) => first.push(s))
        const after = pushAll(restore(JSON.parse(JSON.stringify(first.snapshot()))), input.slice(split))
        expect([...before, ...after]).toEqual(whole)
      }),
      { numRuns: 40, examples: [[0], [1], [2], [9], [input.length]] },
    )
  })

  it('a snapshot written before the interval was learned (no `interval` fields) still restores and relearns it', () => {
    const first = createPatientDetector(options)
    input.slice(0, 100).forEach((s) => first.push(s))
    const snap = JSON.parse(JSON.stringify(first.snapshot())) as {
      thresholdAlerts: Record<string, unknown>
      sustainedBelow: Record<string, unknown>
    }
    expect(snap.thresholdAlerts).toHaveProperty('interval')
    expect(snap.sustainedBelow).toHaveProperty('interval')
    delete snap.thresholdAlerts.interval
    delete snap.sustainedBelow.interval
    const events = pushAll(restore(snap), input.slice(100))
    expect(events.some((e) => e.source === 'sustained-below' && e.event.type === 'raised')).toBe(true)
  })

  it('a damaged interval is refused, not guessed', () => {
    const first = createPatientDetector(options)
    input.slice(0, 20).forEach((s) => first.push(s))
    const snap = JSON.parse(JSON.stringify(first.snapshot())) as {
      sustainedBelow: { interval: { longerSteps: unknown } }
    }
    snap.sustainedBelow.interval.longerSteps = -1
    expect(E.isLeft(restorePatientDetector(snap))).toBe(true)
  })
})
