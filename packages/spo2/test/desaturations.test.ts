import { makeSample, type OximetrySample } from '@openward/core'
import { from, lastValueFrom, toArray } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import {
  analyzeRecording,
  type DesaturationEvent,
  desaturations,
  detectDesaturations,
  detectSustainedBelow,
  detectThresholdAlerts,
  ODI_CLINICAL_3PCT_RULE,
  sampleDesaturations,
  secondsFromValues,
  summarizeSeconds,
  summarizeSpo2,
} from '../src/index.js'
import { EXAMPLE_1H, MIMIC, OVERNIGHT, readSpo2Column, UBICOMP } from './data.js'
import { rep } from './samples.js'

const noMedian = { medianWindow: 1 }
const starts = (evs: readonly DesaturationEvent[]) => evs.map((e) => e.startMs / 1000)

describe('clinical desaturations (baseline = mean of the preceding 120 s)', () => {
  it('3 % means 3 %: 95→92 is an ODI3 event, 95→93 is not; ODI4 needs 95→91', () => {
    const dip = (low: number) => secondsFromValues([...rep(95, 60), ...rep(low, 15), ...rep(95, 30)])
    expect(starts(detectDesaturations(dip(92), noMedian))).toEqual([60])
    expect(detectDesaturations(dip(93), noMedian)).toEqual([])
    expect(detectDesaturations(dip(92), { ...noMedian, threshold: 4 })).toEqual([])
    expect(starts(detectDesaturations(dip(91), { ...noMedian, threshold: 4 }))).toEqual([60])
    expect(detectDesaturations(dip(92), noMedian)[0]).toMatchObject({
      rule: ODI_CLINICAL_3PCT_RULE,
      baseline: 95,
      nadir: 92,
      depth: 3,
      durationS: 15,
      endMs: 75_000,
      area: 45,
      truncated: false,
      quality: { baselineSeconds: 60, baselineCoverage: 0.5 },
    })
  })

  it('minimum duration: 9 s below is not an event, 10 s is', () => {
    const dip = (n: number) => secondsFromValues([...rep(95, 60), ...rep(91, n), ...rep(95, 30)])
    expect(detectDesaturations(dip(9), noMedian)).toEqual([])
    expect(detectDesaturations(dip(10), noMedian)).toHaveLength(1)
  })

  it('events never span a gap; a long gap resets the baseline', () => {
    const vs = [...rep(95, 60), ...rep(90, 8), null, ...rep(90, 8), ...rep(95, 30)]
    expect(detectDesaturations(secondsFromValues(vs), noMedian)).toEqual([]) // two 8 s halves
    const long = [...rep(95, 60), ...rep(null, 40), ...rep(90, 20), ...rep(95, 30)]
    expect(detectDesaturations(secondsFromValues(long), noMedian)).toEqual([]) // no baseline after the gap
  })

  it('a slow fall the pobm detector skips is found (silent hypoxia)', () => {
    const fall = Array.from({ length: 300 }, (_, i) => 97 - Math.floor(i / 20))
    const vs = [...rep(97, 120), ...fall, ...rep(82, 60), ...rep(97, 60)]
    expect(detectDesaturations(secondsFromValues(vs)).length).toBeGreaterThan(0)
    expect(summarizeSpo2(vs, { profile: 'pobm' }).events3).toEqual([])
  })

  it('marbles: event emitted when it ends; empty, error, early unsubscribe', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable, expectSubscriptions }) => {
      const opts = { ...noMedian, baselineS: 3, minBaselineS: 2, minDurationS: 2 }
      const secs = secondsFromValues([95, 95, 95, 91, 91, 95])
      const v = Object.fromEntries(secs.map((x, i) => ['abcdef'[i]!, x]))
      const src = cold('abcdef|', v)
      expectObservable(src.pipe(desaturations(opts))).toBe('-----E|', {
        E: expect.objectContaining({ startMs: 3000, endMs: 5000, nadir: 91, baseline: 95, durationS: 2 }),
      })
      expectSubscriptions(src.subscriptions).toBe('^-----!')
      expectObservable(cold('abcde|', v).pipe(desaturations(opts))).toBe('-----(E|)', {
        E: expect.objectContaining({ truncated: true, endMs: 5000 }),
      })
      expectObservable(cold<(typeof secs)[number]>('|').pipe(desaturations())).toBe('|')
      expectObservable(cold('abcd#', v).pipe(desaturations(opts))).toBe('----#')
      expectObservable(cold('abcdef|', v).pipe(desaturations(opts)), '^--!').toBe('---')
    })
  })
})

describe('real recordings, clinical profile', () => {
  it('streaming (gate → 1 Hz → median → detector) and batch give the same events', async () => {
    const v = readSpo2Column(OVERNIGHT)
    const samples: OximetrySample[] = v.map((spo2, i) =>
      makeSample({
        timeMs: i * 1000,
        clock: 'recording',
        spo2,
        pulseRate: null,
        provenance: { protocol: 'import:csv' },
      }),
    )
    const streamed = await lastValueFrom(from(samples).pipe(sampleDesaturations({ threshold: 3 }), toArray()))
    const batch = analyzeRecording(samples)
    expect(streamed).toEqual(batch.events3)
    expect(streamed.length).toBeGreaterThan(400)
  })

  it('overnight: denominators are valid time, events never overlap, every event is ≥ 3 points below its baseline', () => {
    const s = summarizeSpo2(readSpo2Column(OVERNIGHT))
    expect(s.dataQuality.validSeconds).toBe(27_811)
    expect(s.odi3).toBeCloseTo((s.events3.length / 27_811) * 3600, 12)
    for (let i = 1; i < s.events3.length; i++)
      expect(s.events3[i]!.startMs).toBeGreaterThanOrEqual(s.events3[i - 1]!.endMs)
    for (const e of s.events3) expect(e.baseline - e.nadir).toBeGreaterThanOrEqual(3)
    expect(s.events4.length).toBeLessThanOrEqual(s.events3.length)
    expect(s.ct90).toBeGreaterThan(30)
  })

  it('induced hypoxaemia: slow falls escape the relative detectors but not the sustained-low and band alerts', () => {
    for (const name of UBICOMP) {
      const v = readSpo2Column(name)
      const samples = v.map((spo2, i) =>
        makeSample({ timeMs: i * 1000, clock: 'recording', spo2, pulseRate: null, provenance: { protocol: 't' } }),
      )
      expect(summarizeSpo2(v, { profile: 'pobm' }).events3.length).toBeLessThanOrEqual(3)
      const raised = detectSustainedBelow(samples).filter((e) => e.type === 'raised')
      expect(raised.length).toBeGreaterThanOrEqual(1)
      expect(raised[0]!.nadir.spo2).toBeLessThanOrEqual(92)
      expect(detectThresholdAlerts(samples).some((e) => e.type === 'escalated' && e.to === 'urgent')).toBe(true)
    }
  })

  it('1/min MIMIC trend via timestamps: each reading covers its minute; too slow for desaturations (null, not 0)', () => {
    const v = readSpo2Column(MIMIC)
    const samples = v.map((spo2, i) =>
      makeSample({
        timeMs: i * 60_000,
        clock: 'recording',
        spo2: spo2 === 0 ? null : spo2,
        pulseRate: null,
        provenance: { protocol: 't' },
      }),
    )
    const s = analyzeRecording(samples)
    expect(s.samplingIntervalMs).toBe(60_000)
    expect(s.samples).toBe(1936 * 60) // the last reading covers its own minute
    // 1936 minutes, 363 of them "no reading" (0); the gate also drops the first valid minute after each of
    // those runs and the first minutes (lock-on), so the valid minutes are a bit below 1573.
    expect(s.dataQuality.validSeconds % 60).toBe(0)
    expect(s.dataQuality.validSeconds / 60).toBeGreaterThan(1400)
    expect(s.dataQuality.validSeconds / 60).toBeLessThanOrEqual(1936 - 363)
    expect(s.insufficient).toMatchObject({ reason: 'interval-too-long', affects: 'desaturations' })
    expect(s.odi3).toBeNull()
    expect(s.ct90).not.toBeNull()
  })

  it('1 h fractional record: same result from summarizeSpo2 and summarizeSeconds', () => {
    const v = readSpo2Column(EXAMPLE_1H)
    expect(summarizeSpo2(v)).toEqual(summarizeSeconds(secondsFromValues(v)))
  })
})

describe('sampleDesaturations (fused chain from raw samples)', () => {
  it('marbles: empty, error, early unsubscribe, and one event from raw 1 Hz samples', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable, expectSubscriptions }) => {
      const opts = { medianWindow: 1, baselineS: 3, minBaselineS: 2, minDurationS: 2, gate: { lockOnAtStart: false } }
      const raw = [95, 95, 95, 91, 91, 95].map((spo2, i) =>
        makeSample({ timeMs: i * 1000, clock: 'recording', spo2, pulseRate: 60, provenance: { protocol: 't' } }),
      )
      const v = Object.fromEntries(raw.map((x, i) => ['abcdef'[i]!, x]))
      // The 1 Hz resampler closes a second when the next one starts, so the event ends one frame later.
      expectObservable(cold('abcdef|', v).pipe(sampleDesaturations(opts))).toBe('------(E|)', {
        E: expect.objectContaining({ startMs: 3000, endMs: 5000, nadir: 91, truncated: false }),
      })
      expectObservable(cold<OximetrySample>('|').pipe(sampleDesaturations())).toBe('|')
      expectObservable(cold('ab#', v).pipe(sampleDesaturations(opts))).toBe('--#')
      const src = cold('abcdef|', v)
      expectObservable(src.pipe(sampleDesaturations(opts)), '^--!').toBe('---')
      expectSubscriptions(src.subscriptions).toBe('^--!')
    })
  })
})
