import { describe, expect, it } from 'vitest'

import {
  pobmDesaturations,
  pobmMedian,
  pobmPreprocess,
  pobmRawDesaturations,
  pobmSetRange,
  roundHalfEven,
  summarizePobm,
  summarizeSpo2,
} from '../src/index.js'
import { CORC, EXAMPLE_1H, OVERNIGHT, readSpo2Column, UBICOMP } from './data.js'
import { rep } from './samples.js'

const nums = (xs: readonly (number | null)[]) => xs.map((v) => v ?? Number.NaN)

// Every expectation below was derived by hand from the description in spo2-analytics.md §2, not by
// running this code; the real-record figures are the spec's own reference results from running pobm.
describe('pobm preprocessing (§2.1)', () => {
  it('set_range keeps 50 and 100, blanks values strictly outside', () => {
    expect(Array.from(pobmSetRange([49, 50, 100, 101, 75]))).toEqual([NaN, 50, 100, NaN, 75])
  })

  it('rounds half to even', () => {
    expect([95.5, 96.5, 94.4, 94.6, 97].map(roundHalfEven)).toEqual([96, 96, 94, 95, 97])
    expect(roundHalfEven(Number.NaN)).toBeNaN()
  })

  it('median 9 pads with zeros: the edges are the k-th smallest of the partial windows', () => {
    const x = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    expect(Array.from(pobmMedian(x, 9))).toEqual([10, 20, 30, 40, 50, 60, 60, 60, 60, 60])
  })

  it('leading NaNs sort above every number (the CORC case)', () => {
    const out = pobmPreprocess([0, 0, ...rep(95, 10).map(Number)])
    expect(out[0]).toBe(95)
    expect(out[1]).toBe(95)
  })
})

describe('pobm relative detector (§2.2), hand-traced synthetic signals', () => {
  const base = (mid: number[]) => nums([...rep(95, 20), ...mid, ...rep(95, 40)])

  it('gradual 95→92 is not an ODI3 event; 95→91 is (A = first dropped sample)', () => {
    expect(pobmDesaturations(base([94, 93, 92, 92, 92, 93, 94]))).toEqual([])
    const x = base([94, 93, 92, 91, 91, 91, 92, 93, 94])
    // A = 20 (94), B descends to 23 and moves to the last tie 25, C = 30 (first c with c − a ≥ 10), D = C.
    expect(pobmRawDesaturations(x, 3)).toEqual([{ a: 20, b: 25, c: 30, d: 30 }])
    expect(pobmDesaturations(x)).toEqual([{ begin: 20, end: 30, nadir: 23 }])
    // ODI4 needs a fall of 4 from the A level.
    expect(pobmDesaturations(x, { threshold: 4 })).toEqual([])
  })

  it('step falls larger than the threshold never start an event', () => {
    expect(pobmDesaturations(base([91, 91, 91, 91, 91, 91, 91, 91, 91, 91, 91, 91]))).toEqual([])
    expect(pobmDesaturations(base([89, 89, 89, 89, 89, 89, 89, 89, 89, 89, 89, 89]))).toEqual([])
    expect(pobmDesaturations(base([92, 91, 91, 91, 91, 91, 91, 91, 91, 91, 91]))).toEqual([])
  })

  it('a 7 s dip is recorded as a 10-sample event', () => {
    expect(pobmDesaturations(base([94, 93, 92, 91, 92, 93, 94]))).toEqual([{ begin: 20, end: 30, nadir: 23 }])
  })

  it('a desaturation longer than 90 samples is skipped, not truncated', () => {
    const long = [94, 93, 92, 91, 90, ...rep(90, 120).map(Number), 91, 92, 93, 94]
    expect(pobmDesaturations(base(long))).toEqual([])
  })

  it('D searches past C for the return to within 1 point of A', () => {
    // Nadir 88, then a rise of 3 (to 91) ends C early; D is the first later sample ≥ x[A] − 1 = 93.
    const x = base([94, 92, 90, 88, 88, 89, 90, 91, 91, 91, 91, 91, 91, 93, 94])
    const raw = pobmRawDesaturations(x, 3)
    expect(raw).toEqual([{ a: 20, b: 24, c: 30, d: 33 }])
  })

  it('bad input never throws: NaN, empty, tiny', () => {
    expect(pobmDesaturations([])).toEqual([])
    expect(pobmDesaturations(nums(rep(null, 50)))).toEqual([])
    // No data is not zero: every figure is null, with the reason.
    expect(summarizePobm([])).toMatchObject({ samples: 0, odi3: null, ct90: null, nadir: null, mean: null })
    expect(summarizePobm([]).insufficient?.reason).toBe('no-samples')
    // pobm's zero padding: a single sample's 9-median is 0 (4 zeros each side), so the nadir is 0.
    expect(summarizePobm([97], 0, { minValidS: 0 })).toMatchObject({ samples: 1, nadir: 0 })
    expect(summarizePobm([97]).insufficient?.reason).toBe('too-little-valid-time')
  })
})

describe('pobm summaries (§2.4, §2.5)', () => {
  it('CT counts ≤ threshold over all N; clinical counts < over valid time', () => {
    const v = [...rep(89, 20), ...rep(0, 20), ...rep(95, 20)]
    const short = { minValidS: 0 } // a 1-minute signal: below the default 10 min of valid time
    const p = summarizePobm(v, 0, short)
    expect(p.ct90).toBe((100 * 20) / 60) // the 20 zeros stay NaN after the median and stay in N
    expect(p.dataQuality.validSeconds).toBe(40)
    const at90 = summarizePobm([...rep(90, 20), ...rep(95, 20)], 0, short)
    expect(at90.ct90).toBe(50)
    expect(summarizeSpo2([...rep(90, 20), ...rep(95, 20)], short).ct90).toBe(0)
    expect(summarizeSpo2([...rep(90, 20), ...rep(95, 20)]).ct90).toBeNull()
  })

  it('overnight record: 520 ODI3 events (67.3/h), the spec reference; overlap pair at 1245/1298', () => {
    const v = readSpo2Column(OVERNIGHT)
    const s = summarizePobm(v)
    expect(v).toHaveLength(27_811)
    expect(s.events3).toHaveLength(520)
    expect(s.odi3).toBe((520 / 27_811) * 3600)
    expect(s.odi3?.toFixed(1)).toBe('67.3')
    const starts = s.events3.map((e) => [e.startMs / 1000, e.endMs / 1000])
    const i = starts.findIndex(([b]) => b === 1245)
    expect(starts.slice(i, i + 2)).toEqual([
      [1245, 1326],
      [1298, 1324],
    ])
    expect(s.mean!.toFixed(1)).toBe('89.5')
    expect(s.nadir).toBe(68) // raw minimum 67 is a single sample the 9-median removes
    expect(Math.min(...v)).toBe(67)
  })

  it('induced-hypoxaemia records: the relative detector finds only 0–3 events in each slow fall', () => {
    for (const name of UBICOMP) {
      const s = summarizePobm(readSpo2Column(name))
      expect(s.events3.length).toBeLessThanOrEqual(3)
      expect(s.nadir!).toBeLessThan(80)
    }
  })

  it('CORC ICU record (two leading zeros, stable 92–97): no desaturations, nadir 92', () => {
    const s = summarizePobm(readSpo2Column(CORC))
    expect(s).toMatchObject({ samples: 9594, odi3: 0, odi4: 0, nadir: 92 })
    expect(s.dataQuality.validSeconds).toBe(9594)
  })

  it('1 h healthy record: few events, nadir about 90', () => {
    const s = summarizePobm(readSpo2Column(EXAMPLE_1H))
    expect(s.events3.length).toBeLessThan(10)
    expect(s.nadir).toBeGreaterThanOrEqual(89)
  })
})
