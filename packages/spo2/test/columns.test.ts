import {
  makeSample,
  type OximetrySample,
  SAMPLE_FLAG_BIT,
  SAMPLE_FLAG_NAMES,
  sampleFlags,
  toSampleColumns,
} from '@openward/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { analyzeRecording, pobmMedian, pobmPreprocess, pobmSetRange, summarizeColumns } from '../src/index.js'
import { pobmPreprocessWithStats } from '../src/pobm-preprocess.js'
import { readViatomCsv } from './captures.js'
import { CORC, EXAMPLE_1H, MIMIC, OVERNIGHT, readSpo2Column, UBICOMP } from './data.js'

const at = (values: readonly number[], stepMs: number, jitterMs = 0): OximetrySample[] => {
  let seed = 7
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1
  return values.map((v, i) =>
    makeSample({
      timeMs: 1_700_000_000_000 + i * stepMs + Math.round(jitterMs * rand()),
      clock: 'recording',
      spo2: v > 0 ? v : null,
      pulseRate: 60,
      flags: sampleFlags({ motion: i % 97 === 0 }),
      provenance: { protocol: 'csv' },
    }),
  )
}

describe('the counting median of pobmPreprocess', () => {
  it('equals the sorted-window median after set_range, on any input (fast-check)', () => {
    const value = fc.oneof(
      fc.integer({ min: 30, max: 110 }),
      fc.double({ min: 40, max: 105, noNaN: true }),
      fc.constant(Number.NaN),
    )
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), (xs) => {
        expect(pobmPreprocess(xs)).toEqual(pobmMedian(pobmSetRange(xs)))
      }),
      { numRuns: 300 },
    )
  })

  it('equals it across the blocks it works in (16 384 values), for arrays and 32-bit columns (fast-check)', () => {
    // A random walk (SpO2 moves slowly) with NaN runs, long enough to cross two or three block boundaries.
    const walk = fc
      .tuple(fc.integer({ min: 2 * 16_384 - 12, max: 3 * 16_384 + 12 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }))
      .map(([n, seed]) => {
        let r = seed
        const next = () => (r = (r * 48_271) % 2_147_483_647) / 2_147_483_647
        let v = 95
        return Array.from({ length: n }, () => {
          v = Math.min(102, Math.max(45, v + Math.round((next() - 0.5) * 4)))
          return next() < 0.02 ? Number.NaN : v
        })
      })
    fc.assert(
      fc.property(walk, (xs) => {
        const reference = pobmMedian(pobmSetRange(xs))
        expect(pobmPreprocess(xs)).toEqual(reference)
        expect(Array.from(pobmPreprocessWithStats(Float32Array.from(xs)).x)).toEqual(Array.from(reference))
      }),
      { numRuns: 12 },
    )
  })

  it('equals it on the real records (overnight, ICU with its no-reading zeros, 1/min MIMIC)', () => {
    for (const name of [OVERNIGHT, CORC, MIMIC]) {
      const v = readSpo2Column(name)
      expect(pobmPreprocess(v)).toEqual(pobmMedian(pobmSetRange(v)))
    }
  })
})

describe('summarizeColumns: the same summary as analyzeRecording, from typed columns', () => {
  const overnight = readSpo2Column(OVERNIGHT)
  const cases: [string, OximetrySample[]][] = [
    ['overnight, 1 Hz', at(overnight, 1000)],
    [
      'overnight every 4 s, ± 1 s jitter',
      at(
        overnight.filter((_, i) => i % 4 === 0),
        4000,
        1000,
      ),
    ],
    ['ICU record, 1 Hz, with no-reading codes', at(readSpo2Column(CORC), 1000)],
    ['O2Ring night, 4 s', readViatomCsv('viatom-o2/o2ring_tolnaiz_20250306222056_export.csv')],
    ['Checkme O2 Max night, 2 s', readViatomCsv('checkme-o2-max-csv/checkme-o2-max_airwaylab_20260309.csv')],
  ]
  for (const [label, samples] of cases) {
    it(`pobm profile: ${label}`, () => {
      const columns = toSampleColumns(samples)
      expect(summarizeColumns(columns, { profile: 'pobm' })).toEqual(analyzeRecording(samples, { profile: 'pobm' }))
    })
    it(`clinical profile (columnar gate, grid and detector): ${label}`, () => {
      const columns = toSampleColumns(samples)
      const expected = analyzeRecording(samples)
      expect(expected.dataQuality.validSeconds).toBeGreaterThan(0)
      expect(summarizeColumns(columns)).toEqual(expected)
    })
  }
  it('clinical profile on every shared record, with gate and median options', () => {
    let events = 0
    for (const name of [OVERNIGHT, CORC, EXAMPLE_1H, MIMIC, ...UBICOMP]) {
      // The 1 h example's and MIMIC's decimal readings are not 32-bit floats: the columns hold them as 64-bit.
      const samples = at(readSpo2Column(name), name === MIMIC ? 60_000 : 1000)
      const columns = toSampleColumns(samples)
      expect(summarizeColumns(columns), name).toEqual(analyzeRecording(samples))
      const options = { gate: { rejectMotion: true, lockOnMs: 0 }, medianWindow: 5, maxHoldMs: 2500 }
      expect(summarizeColumns(columns, options), name).toEqual(analyzeRecording(samples, options))
      events += analyzeRecording(samples).events3.length
    }
    expect(events).toBeGreaterThan(100)
  })
  it('clinical profile: any flags, gaps, jitter, nulls and bad times give the object path summary (fast-check)', () => {
    const row = fc.record({
      stepMs: fc.oneof(
        { arbitrary: fc.constant(1000), weight: 12 },
        { arbitrary: fc.integer({ min: -3000, max: 40_000 }), weight: 2 },
        { arbitrary: fc.constant(Number.NaN), weight: 1 },
      ),
      spo2: fc.oneof(fc.integer({ min: 60, max: 100 }), fc.constant(0), fc.constant(101)),
      // Mostly clean rows, so that readings get through the gate and every flag's effect shows in the figures.
      bits: fc.oneof(
        { arbitrary: fc.constant(0), weight: 8 },
        { arbitrary: fc.constantFrom(...SAMPLE_FLAG_NAMES.map((_, b) => 1 << b)), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 },
      ),
    })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 400 }), fc.boolean(), fc.boolean(), (rows, rejectMotion, lockOn) => {
        let t = 1_700_000_000_000
        const samples = rows.map((r) => {
          t = Number.isNaN(r.stepMs) ? t : t + r.stepMs
          const names = SAMPLE_FLAG_NAMES.filter((_, b) => (r.bits & (1 << b)) !== 0)
          return makeSample({
            timeMs: Number.isNaN(r.stepMs) ? Number.NaN : t,
            clock: 'recording',
            spo2: r.spo2 > 0 ? r.spo2 : null,
            pulseRate: null,
            flags: sampleFlags(Object.fromEntries(names.map((n) => [n, true]))),
            provenance: { protocol: 'x' },
          })
        })
        const options = { gate: { rejectMotion, lockOnMs: lockOn ? 5000 : 0 }, minValidS: 10, minCoverage: 0 }
        expect(summarizeColumns(toSampleColumns(samples), options)).toEqual(analyzeRecording(samples, options))
      }),
      { numRuns: 300 },
    )
  })
  it('toSampleColumns: null → NaN, flags → bits in SAMPLE_FLAG_NAMES order', () => {
    const c = toSampleColumns(cases[2]![1].slice(0, 200))
    expect(c.length).toBe(200)
    expect(c.flags[97]).toBe(SAMPLE_FLAG_BIT.motion)
    expect(c.flags[1]).toBe(0)
    const zero = readSpo2Column(CORC).slice(0, 200).indexOf(0)
    expect(zero).toBeGreaterThanOrEqual(0)
    expect(c.spo2[zero]).toBeNaN()
  })

  it('empty columns: no data is not zero', () => {
    expect(summarizeColumns(toSampleColumns([]), { profile: 'pobm' }).insufficient?.reason).toBe('no-samples')
  })
})

describe('bad timestamps never give a non-finite or mismatched summary', () => {
  const mk = (t: number, v: number) =>
    makeSample({ timeMs: t, clock: 'recording', spo2: v, pulseRate: null, provenance: { protocol: 'x' } })
  const wave = (i: number) => 95 - (i % 7)
  const sets: [string, OximetrySample[]][] = [
    ['a NaN time first', [mk(Number.NaN, 95), ...Array.from({ length: 2000 }, (_, i) => mk(i * 4000, wave(i)))]],
    ['an infinite time last', [...Array.from({ length: 2000 }, (_, i) => mk(i * 1000, wave(i))), mk(Infinity, 90)]],
    ['times going backwards (4 s)', Array.from({ length: 2000 }, (_, i) => mk(((i * 7) % 500) * 4000, wave(i)))],
    ['duplicate times (2 s)', Array.from({ length: 4000 }, (_, i) => mk(Math.floor(i / 2) * 2000, wave(i)))],
  ]
  for (const [label, samples] of sets) {
    it(label, () => {
      for (const profile of ['clinical', 'pobm'] as const) {
        const s = analyzeRecording(samples, { profile })
        expect(Number.isFinite(s.samples) && Number.isFinite(s.dataQuality.totalSeconds)).toBe(true)
        for (const e of s.events3) expect(Number.isFinite(e.startMs)).toBe(true)
        expect(summarizeColumns(toSampleColumns(samples), { profile })).toEqual(s)
      }
    })
  }
})
