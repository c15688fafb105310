import { makeSample, type OximetrySample, sampleFlags } from '@openward/core'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

import {
  analyzeRecording,
  detectSamplingInterval,
  type DesaturationProfile,
  gateSamples,
  type OximetrySummary,
  summarizePobm,
  toSeconds,
} from '../src/index.js'
import { capturePath, readViatomCsv } from './captures.js'
import { CORC, OVERNIGHT, readSpo2Column } from './data.js'

const O2RING = 'viatom-o2/o2ring_tolnaiz_20250306222056_export.csv'
const O2RING_BIN = 'viatom-o2/o2ring_tolnaiz_20250306222056.v3.bin'
const CHECKME = 'checkme-o2-max-csv/checkme-o2-max_airwaylab_20260309.csv'
const CHECKME_SHORT = 'checkme-o2-max-csv/checkme-o2-max_airwaylab_20260220-short.csv'

function sample(timeMs: number, spo2: number | null): OximetrySample {
  return makeSample({ timeMs, clock: 'recording', spo2, pulseRate: null, provenance: { protocol: 'csv' } })
}

const overnight = readSpo2Column(OVERNIGHT)
const oneHz = overnight.map((v, i) => sample(i * 1000, v))

/** Every k-th sample of the 1 Hz night: what a device storing every k seconds records. */
const decimate = (k: number) => oneHz.filter((_, i) => i % k === 0)

/** A 4 s device whose clock jitters by up to ± 1 s (deterministic pseudo-random): steps of 2 to 6 s. */
function jittered4s(): OximetrySample[] {
  let seed = 42
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1
  return decimate(4).map((s) => ({ ...s, timeMs: Math.max(0, s.timeMs + Math.round(1000 * rand())) }))
}

const within = (x: number | null, ref: number | null, tolerance: number) => {
  expect(x).not.toBeNull()
  expect(ref).not.toBeNull()
  expect(Math.abs(x! - ref!) / ref!).toBeLessThanOrEqual(tolerance)
}

describe('detectSamplingInterval', () => {
  it('is the median of the positive steps: gaps, duplicates and backwards steps do not move it', () => {
    expect(detectSamplingInterval([0, 4000, 8000, 12_000, 60_000])).toBe(4000)
    expect(detectSamplingInterval([0, 2000, 2000, 1000, 3000, 5000])).toBe(2000)
    expect(detectSamplingInterval([5])).toBeNull()
    expect(detectSamplingInterval([5, 5, 5])).toBeNull()
    expect(detectSamplingInterval(readViatomCsv(O2RING).map((s) => s.timeMs))).toBe(4000)
  })

  it('equals the plain median of the positive finite steps on any times (fast-check: repeats, steps back, NaN, ±∞)', () => {
    const plain = (times: readonly number[]): number | null => {
      const steps = times
        .slice(1)
        .map((t, i) => t - times[i]!)
        .filter((d) => d > 0 && Number.isFinite(d))
        .sort((a, b) => a - b)
      const m = steps.length >> 1
      return steps.length === 0 ? null : steps.length % 2 === 1 ? steps[m]! : (steps[m - 1]! + steps[m]!) / 2
    }
    const step = fc.oneof(
      { weight: 8, arbitrary: fc.constant(1000) },
      { weight: 3, arbitrary: fc.constantFrom(0, -1000, 999, 1001, 4000, 60_000) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
    )
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }), fc.array(step, { maxLength: 60 }), (t0, steps) => {
        const times = [t0]
        // A NaN or infinite step sets that time itself to the value (a broken clock), not a sum with it.
        for (const d of steps)
          times.push(Number.isFinite(d) ? (Number.isFinite(times.at(-1)!) ? times.at(-1)! : t0) + d : d)
        expect(detectSamplingInterval(times)).toBe(plain(times))
        expect(detectSamplingInterval(Float64Array.from(times))).toBe(plain(times))
      }),
      { numRuns: 500, seed: 19 },
    )
  })
})

describe('toSeconds with hold: a sample covers its interval', () => {
  it('a 1 Hz record passes through unchanged (real ICU record with its no-reading codes)', () => {
    const gated = gateSamples(readSpo2Column(CORC).map((v, i) => sample(i * 1000, v)))
    expect(toSeconds(gated, { intervalMs: 1000 })).toEqual(toSeconds(gated))
  })

  it('4 s samples fill their seconds; a step over 1.5 × the interval is a gap after the nominal 4 s', () => {
    const gated = gateSamples(
      [0, 4, 8, 20, 24].map((t, i) => sample(t * 1000, 90 + i)),
      { lockOnAtStart: false },
    )
    const secs = toSeconds(gated, { intervalMs: 4000 })
    expect(secs.map((s) => [s.timeMs / 1000, s.spo2])).toEqual([
      ...[0, 1, 2, 3].map((t) => [t, 90]),
      ...[4, 5, 6, 7].map((t) => [t, 91]),
      ...[8, 9, 10, 11].map((t) => [t, 92]), // 8 → 20 is a gap: 12 … 19 are absent
      ...[20, 21, 22, 23].map((t) => [t, 93]),
      ...[24, 25, 26, 27].map((t) => [t, 94]), // the last sample covers its own 4 s
    ])
  })
})

describe('analytics at any sampling interval (the real 1 Hz night decimated)', () => {
  const profiles: DesaturationProfile[] = ['clinical', 'pobm']
  for (const profile of profiles) {
    const ref = analyzeRecording(oneHz, { profile })
    const cases: [string, OximetrySample[], number][] = [
      ['2 s', decimate(2), 2000],
      ['4 s', decimate(4), 4000],
      ['4 s with ± 1 s jitter', jittered4s(), 4000],
    ]
    for (const [label, samples, interval] of cases) {
      it(`${profile}: ${label} gives ODI3/ODI4/CT90 within 15 % of 1 Hz, with full coverage`, () => {
        const s = analyzeRecording(samples, { profile })
        expect(s.insufficient).toBeNull()
        expect(s.samplingIntervalMs).toBeCloseTo(interval, -2)
        expect(s.dataQuality.coverage).toBeGreaterThanOrEqual(0.999)
        expect(Math.abs(s.samples - ref.samples)).toBeLessThanOrEqual(interval / 1000)
        within(s.odi3, ref.odi3, 0.15)
        within(s.odi4, ref.odi4, 0.15)
        within(s.ct90, ref.ct90, 0.15)
        within(s.t90Minutes, ref.t90Minutes, 0.15)
      })
    }
  }

  it('pobm: a 1 Hz recording is still read row by row, exactly as pobm (the spec reference: 520 events)', () => {
    const s = analyzeRecording(oneHz, { profile: 'pobm' })
    expect(s).toEqual(summarizePobm(overnight, 0, { samplingIntervalMs: 1000 }))
    expect(s.events3).toHaveLength(520)
  })

  it('an 8 s device: CT90, nadir and mean are given, the desaturation figures are null with the reason', () => {
    const ref = analyzeRecording(oneHz)
    const s = analyzeRecording(decimate(8))
    expect(s.insufficient).toMatchObject({
      _tag: 'InsufficientData',
      reason: 'interval-too-long',
      affects: 'desaturations',
    })
    expect([s.odi3, s.odi4, s.desaturationArea3, s.desaturationArea4]).toEqual([null, null, null, null])
    within(s.ct90, ref.ct90, 0.15)
    expect(s.nadir).not.toBeNull()
  })
})

describe('the real home-oximeter nights give plausible figures', () => {
  // The O2Ring's own file header (Viatom v3, oximeter-protocols spec: [13..14] duration, [17] average,
  // [18] minimum SpO2, [19]/[20] counts of 3 %/4 % drops) is the device's own summary of this night.
  const header = readFileSync(capturePath(O2RING_BIN))
  const device = {
    durationS: header.readUInt16LE(13),
    mean: header[17]!,
    min: header[18]!,
    drops3: header[19]!,
    drops4: header[20]!,
  }

  it('O2Ring (4 s): duration, nadir and mean match the device; ODI3 > 0 with full coverage (was ODI 0.0/h, 25 % valid)', () => {
    const s = analyzeRecording(readViatomCsv(O2RING))
    expect(s.insufficient).toBeNull()
    expect(s.samplingIntervalMs).toBe(4000)
    expect(s.samples).toBe(device.durationS)
    expect(s.dataQuality.coverage).toBeGreaterThan(0.99)
    expect(s.nadir).toBe(device.min)
    expect(Math.abs(s.mean! - device.mean)).toBeLessThan(1)
    // The clinical rule is stricter than the device's (2-min baseline, ≥ 10 s): fewer events, not none.
    expect(s.events3.length).toBeGreaterThanOrEqual(device.drops3 / 2)
    expect(s.events3.length).toBeLessThanOrEqual(device.drops3)
    expect(s.odi4).toBeGreaterThan(0)
  })

  it("O2Ring (4 s), pobm-compatible: 3 % and 4 % event counts within 25 % of the device's own counts", () => {
    const s = analyzeRecording(readViatomCsv(O2RING), { profile: 'pobm' })
    expect(s.samples).toBe(device.durationS)
    expect(Math.abs(s.events3.length - device.drops3) / device.drops3).toBeLessThanOrEqual(0.25)
    expect(Math.abs(s.events4.length - device.drops4) / device.drops4).toBeLessThanOrEqual(0.25)
  })

  for (const file of [CHECKME, CHECKME_SHORT]) {
    it(`Checkme O2 Max (2 s) ${file.slice(-12)}: real duration, full coverage, nadir and mean of the readings`, () => {
      const samples = readViatomCsv(file)
      const valid = samples.flatMap((x) => (x.spo2 === null ? [] : [x.spo2]))
      const s = analyzeRecording(samples)
      expect(s.insufficient).toBeNull()
      expect(s.samplingIntervalMs).toBe(2000)
      expect(s.samples).toBe(samples.length * 2)
      expect(s.dataQuality.coverage).toBeGreaterThan(0.99)
      expect(s.nadir).toBeGreaterThanOrEqual(Math.min(...valid))
      expect(Math.abs(s.mean! - valid.reduce((a, b) => a + b, 0) / valid.length)).toBeLessThan(0.5)
      for (const f of [s.odi3, s.odi4, s.ct90, s.ct88, s.t90Minutes]) expect(f).not.toBeNull()
    })
  }
})

describe('no data is not zero', () => {
  const nullFigures = (s: OximetrySummary) =>
    [s.odi3, s.odi4, s.ct90, s.ct88, s.t90Minutes, s.t88Minutes, s.nadir, s.mean, s.desaturationArea3].every(
      (f) => f === null,
    )

  it('an empty recording: every figure null, reason no-samples', () => {
    for (const profile of ['clinical', 'pobm'] as const) {
      const s = analyzeRecording([], { profile })
      expect(s.insufficient?.reason).toBe('no-samples')
      expect(nullFigures(s)).toBe(true)
    }
  })

  it('a night with no valid SpO2 (the O2Ring night with every reading removed): null, reason no-valid-spo2', () => {
    const blank = readViatomCsv(O2RING).map((s) => ({ ...s, spo2: null }))
    for (const profile of ['clinical', 'pobm'] as const) {
      const s = analyzeRecording(blank, { profile })
      expect(s.insufficient).toMatchObject({ reason: 'no-valid-spo2', affects: 'all', validSeconds: 0 })
      expect(nullFigures(s)).toBe(true)
    }
    const fingerOut = readViatomCsv(O2RING).map((s) => ({ ...s, flags: sampleFlags({ fingerOut: true }) }))
    expect(analyzeRecording(fingerOut).insufficient?.reason).toBe('no-valid-spo2')
  })

  it('too little valid time (5 min of the real night): null, reason too-little-valid-time', () => {
    const s = analyzeRecording(oneHz.slice(0, 300))
    expect(s.insufficient).toMatchObject({ reason: 'too-little-valid-time', validSeconds: 295 })
    expect(nullFigures(s)).toBe(true)
    expect(analyzeRecording(oneHz.slice(0, 300), { minValidS: 60 }).insufficient).toBeNull()
  })

  it('valid for less than half the night (finger out 60 % of the real night): null, reason low-coverage', () => {
    const mostlyOff = oneHz.map((s, i) => (i % 600 < 360 ? { ...s, spo2: null } : s)) // off 6 min in every 10
    for (const profile of ['clinical', 'pobm'] as const) {
      const s = analyzeRecording(mostlyOff, { profile })
      expect(s.insufficient?.reason).toBe('low-coverage')
      expect(s.insufficient!.coverage).toBeLessThan(0.5)
      expect(nullFigures(s)).toBe(true)
    }
  })
})
