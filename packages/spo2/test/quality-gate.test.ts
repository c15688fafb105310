import { makeSample, type OximetrySample } from '@openward/core'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import { gateSamples, qualityGate, resampleSeconds, toSeconds } from '../src/index.js'
import { rep, s, series } from './samples.js'

const reasons = (xs: OximetrySample[], o = {}) => gateSamples(xs, o).map((g) => g.rejected)
const noLock = { lockOnAtStart: false }

describe('qualityGate', () => {
  it('rejects unusable status, questionable and impossible values, keeps genuinely low ones', () => {
    const xs = [s(0, 97), s(1, 97, ['questionable']), s(2, 97, ['motion']), s(3, null), s(4, 97, ['fingerOut'])]
    expect(reasons(xs, noLock)).toEqual([null, 'questionable', null, 'out-of-range', 'unusable-flag'])
    const raw = series([60, 60, 60])
    raw.push({ ...s(3, 0), spo2: Number.NaN }, { ...s(4, 0), spo2: -4 }, { ...s(5, 0), spo2: 140 }, s(6, 58))
    const g = gateSamples(raw, noLock)
    expect(g.map((x) => x.rejected)).toEqual([
      null,
      null,
      null,
      'out-of-range',
      'out-of-range',
      'out-of-range',
      'lock-on',
    ])
    expect(g[0]!.spo2).toBe(60) // never clamped
  })

  it('motion and low perfusion are policy options', () => {
    expect(
      reasons([s(0, 97, ['motion']), s(1, 97, ['lowPerfusion'])], {
        ...noLock,
        rejectMotion: true,
        rejectLowPerfusion: true,
      }),
    ).toEqual(['motion', 'low-perfusion'])
  })

  it('excludes the lock-on ramp at the start and after each re-attachment', () => {
    const xs = [
      ...series([85, 88, 92, 95, 97, 97, 97]),
      s(7, null, ['fingerOut']),
      ...series([86, 90, 96, 97, 97, 97], 8),
    ]
    expect(reasons(xs)).toEqual([
      'lock-on', 'lock-on', 'lock-on', 'lock-on', 'lock-on', null, null,
      'unusable-flag',
      'lock-on', 'lock-on', 'lock-on', 'lock-on', 'lock-on', null,
    ]) // prettier-ignore
    // A gap longer than reattachAfterMs also counts as a re-attachment.
    expect(reasons([...series(rep(97, 3)), ...series(rep(97, 3), 30)], { ...noLock, lockOnMs: 2000 })).toEqual([
      null, null, null, 'lock-on', 'lock-on', null,
    ]) // prettier-ignore
  })

  it('a slow trend source (1/min) is not re-attached at every sample', () => {
    const trend = Array.from({ length: 6 }, (_, i) => s(i * 60, 96))
    expect(reasons(trend)).toEqual(['lock-on', 'lock-on', null, null, null, null])
    trend.splice(3, 0, s(150, null))
    expect(reasons(trend)).toEqual(['lock-on', 'lock-on', null, 'out-of-range', 'lock-on', null, null])
  })

  it('the jump limit is per second of step: a 4 s device falling 12 points between readings is not rejected', () => {
    const every4s = (vs: number[]) => vs.map((v, i) => s(4 * i, v))
    expect(reasons(every4s([97, 97, 85, 84, 84]), noLock)).toEqual([null, null, null, null, null])
    // … while a spike beyond 10 points per second of step still is.
    expect(reasons(every4s([97, 97, 50, 97, 97]), noLock)).toEqual([null, null, 'implausible-jump', null, null])
    expect(reasons(series([97, 97, 85, 84, 84]), noLock)).toEqual([null, null, 'implausible-jump', null, null])
  })

  it('rejects only the first sample of an implausible jump: a sustained fall is accepted', () => {
    expect(reasons(series([97, 97, 70, 97, 97]), noLock)).toEqual([null, null, 'implausible-jump', null, null])
    expect(reasons(series([97, 97, 80, 80, 79]), noLock)).toEqual([null, null, 'implausible-jump', null, null])
    expect(reasons(series([97, 95, 92, 89, 86]), noLock)).toEqual([null, null, null, null, null])
  })

  it('duplicate and backwards timestamps are marked, never reordered', () => {
    expect(reasons([s(0, 97), s(1, 97), s(1, 96), s(0.5, 96), s(2, 97)], noLock)).toEqual([
      null, null, 'time-not-increasing', 'time-not-increasing', null,
    ]) // prettier-ignore
    const nanTime = makeSample({ ...s(0, 97), timeMs: Number.NaN })
    expect(reasons([s(0, 97), nanTime], noLock)).toEqual([null, 'time-not-increasing'])
  })

  it('marbles: empty, one, many, error, early unsubscribe', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable, expectSubscriptions }) => {
      const v = { a: s(0, 97), b: s(1, 96) }
      expectObservable(cold<OximetrySample>('|').pipe(qualityGate())).toBe('|')
      expectObservable(cold('a|', v).pipe(qualityGate(noLock))).toBe('a|', {
        a: { timeMs: 0, spo2: 97, rejected: null, sample: v.a },
      })
      expectObservable(cold('ab#', v).pipe(qualityGate())).toBe('ab#', {
        a: expect.objectContaining({ rejected: 'lock-on' }),
        b: expect.objectContaining({ rejected: 'lock-on' }),
      })
      const src = cold('abab|', v)
      expectObservable(src.pipe(qualityGate()), '^-!').toBe('ab', {
        a: expect.objectContaining({ timeMs: 0 }),
        b: expect.objectContaining({ timeMs: 1000 }),
      })
      expectSubscriptions(src.subscriptions).toBe('^-!')
    })
  })
})

describe('resampleSeconds', () => {
  it('takes the per-second median of accepted readings; a 1 Hz source passes through', () => {
    const fast = [97, 95, 96, 90].flatMap((v, sec) => [0, 250, 500, 750].map((ms) => s(sec + ms / 1000, v - ms / 250)))
    const secs = toSeconds(gateSamples(fast, noLock))
    expect(secs.map((x) => x.timeMs)).toEqual([0, 1000, 2000, 3000])
    expect(secs[0]!.spo2).toBe(95.5) // median of 97, 96, 95, 94
    expect(toSeconds(gateSamples(series([97, 96, 95]), noLock))).toEqual([
      { timeMs: 0, spo2: 97 },
      { timeMs: 1000, spo2: 96 },
      { timeMs: 2000, spo2: 95 },
    ])
  })

  it('a second with only rejected readings is null; a second with no sample is a gap', () => {
    const secs = toSeconds(gateSamples([s(0, 97), s(1, 97, ['fingerOut']), s(5, 97)], noLock))
    expect(secs).toEqual([
      { timeMs: 0, spo2: 97 },
      { timeMs: 1000, spo2: null },
      { timeMs: 5000, spo2: null }, // lock-on after the re-attachment
    ])
  })

  it('marbles: a second is emitted when the next one starts, the last at completion', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const v = { a: s(0, 97), b: s(0.5, 95), c: s(1, 94) }
      expectObservable(cold('abc|', v).pipe(qualityGate(noLock), resampleSeconds())).toBe('--x(y|)', {
        x: { timeMs: 0, spo2: 96 },
        y: { timeMs: 1000, spo2: 94 },
      })
      expectObservable(cold('a#', v).pipe(qualityGate(noLock), resampleSeconds())).toBe('-#')
    })
  })
})

describe('resampleSeconds with a fast source', () => {
  it('25 Hz input: one median per second, whatever the number of readings', () => {
    const xs = Array.from({ length: 75 }, (_, i) => s(i / 25, 90 + (i % 25) / 5))
    const secs = toSeconds(gateSamples(xs, { lockOnAtStart: false, maxJump: 100 }))
    expect(secs).toEqual([
      { timeMs: 0, spo2: 92.4 },
      { timeMs: 1000, spo2: 92.4 },
      { timeMs: 2000, spo2: 92.4 },
    ])
  })
})
