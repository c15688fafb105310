import { makeSample, type OximetrySample } from '@openward/core'
import { from, lastValueFrom, toArray } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import { detectSustainedBelow, SUSTAINED_BELOW_RULE, sustainedBelow, type SustainedBelowEvent } from '../src/index.js'
import { rep, s, series } from './samples.js'

const ts = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
const opts = { threshold: 92, forMs: 3000 }

describe('sustainedBelow (marbles, virtual time)', () => {
  const v = { a: s(0, 97), b: s(1, 92), c: s(2, 91), d: s(3, 90), e: s(4, 92), f: s(5, 96) }

  it('raises when low for forMs and clears on recovery', () => {
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('abcdef|', v)
      expectObservable(src.pipe(sustainedBelow(opts))).toBe('----RC|', {
        R: {
          type: 'raised',
          rule: SUSTAINED_BELOW_RULE,
          severity: 'urgent',
          threshold: 92,
          forMs: 3000,
          startMs: 1000,
          endMs: null,
          trippedAtMs: 4000,
          nadirSpo2: 90,
          nadirMs: 3000,
          nadir: { timeMs: 3000, spo2: 90 },
          sample: v.e,
          quality: { samples: 5, validSamples: 5, invalidFraction: 0 },
        },
        C: {
          type: 'cleared',
          rule: SUSTAINED_BELOW_RULE,
          severity: 'urgent',
          threshold: 92,
          forMs: 3000,
          startMs: 1000,
          endMs: 5000,
          trippedAtMs: 4000,
          nadirSpo2: 90,
          nadirMs: 3000,
          nadir: { timeMs: 3000, spo2: 90 },
          reason: 'recovered',
          clearedAtMs: 5000,
          sample: v.f,
          quality: { samples: 1, validSamples: 1, invalidFraction: 0 },
        },
      } satisfies Record<string, SustainedBelowEvent>)
      expectSubscriptions(src.subscriptions).toBe('^-----!')
    })
  })

  it('never, empty, one sample, endless source', () => {
    ts().run(({ cold, expectObservable }) => {
      expectObservable(cold<OximetrySample>('-').pipe(sustainedBelow(opts))).toBe('-')
      expectObservable(cold<OximetrySample>('|').pipe(sustainedBelow(opts))).toBe('|')
      expectObservable(cold('b|', v).pipe(sustainedBelow(opts))).toBe('-|')
      expectObservable(cold('abcd-', v).pipe(sustainedBelow(opts))).toBe('-')
    })
  })

  it('forwards a source error and keeps the events before it', () => {
    ts().run(({ cold, expectObservable }) => {
      const out = cold('abcde#', v).pipe(sustainedBelow(opts))
      expectObservable(out).toBe('----R#', { R: expect.objectContaining({ type: 'raised' }) })
    })
  })

  it('early unsubscribe tears down the source', () => {
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('abcdef|', v)
      expectObservable(src.pipe(sustainedBelow(opts)), '^--!').toBe('---')
      expectSubscriptions(src.subscriptions).toBe('^--!')
    })
  })

  it('ends a raised run with end-of-data when the source completes', () => {
    ts().run(({ cold, expectObservable }) => {
      expectObservable(cold('abcde|', v).pipe(sustainedBelow(opts))).toBe('----R(C|)', {
        R: expect.objectContaining({ type: 'raised' }),
        C: expect.objectContaining({ type: 'cleared', reason: 'end-of-data', clearedAtMs: 4000, sample: null }),
      })
    })
  })

  it('a gap breaks the run (no raise across unobserved time)', () => {
    ts().run(({ cold, expectObservable }) => {
      // 92 at 1 s, then 91 at 7 s: the 6 s step exceeds maxGapMs 5 s, so the run restarts at 7 s.
      const g = { b: s(1, 92), x: s(7, 91), y: s(8, 91), z: s(10, 91) }
      expectObservable(cold('bxyz|', g).pipe(sustainedBelow(opts))).toBe('---R(C|)', {
        R: expect.objectContaining({ type: 'raised', startMs: 7000, trippedAtMs: 10_000 }),
        C: expect.objectContaining({ reason: 'end-of-data' }),
      })
    })
  })

  it('out-of-order timestamps break the run; duplicates are ignored', () => {
    ts().run(({ cold, expectObservable }) => {
      const o = { a: s(1, 90), b: s(2, 90), d: s(2, 99), c: s(4, 90), r: s(3, 90) }
      // d duplicates t=2 (ignored, so 99 does not clear); c trips at 4 s; r goes back in time.
      expectObservable(cold('abdcr|', o).pipe(sustainedBelow(opts))).toBe('---RC|', {
        R: expect.objectContaining({ type: 'raised', startMs: 1000, trippedAtMs: 4000 }),
        C: expect.objectContaining({ type: 'cleared', reason: 'time-reversed', clearedAtMs: 3000 }),
      })
    })
  })
})

describe('sustainedBelow edges (synthetic 1 Hz signals)', () => {
  const raisedCount = (events: SustainedBelowEvent[]) => events.filter((e) => e.type === 'raised').length

  it('14 s below does not trip a 15 s rule, 15 s does', () => {
    const fourteen = series([97, ...rep(92, 15), 97]) // low samples at t=1..15: 14 s of span
    const fifteen = series([97, ...rep(92, 16), 97]) // t=1..16: 15 s
    expect(raisedCount(detectSustainedBelow(fourteen))).toBe(0)
    const ev = detectSustainedBelow(fifteen)
    expect(ev.map((e) => e.type)).toEqual(['raised', 'cleared'])
    expect(ev[0]).toMatchObject({ startMs: 1000, trippedAtMs: 16_000 })
  })

  it('exactly at the threshold counts as low (≤); one above does not', () => {
    expect(raisedCount(detectSustainedBelow(series([95, ...rep(92, 20)])))).toBe(1)
    expect(raisedCount(detectSustainedBelow(series([95, ...rep(93, 20)])))).toBe(0)
    expect(raisedCount(detectSustainedBelow(series([95, ...rep(92, 20)]), { threshold: 91 }))).toBe(0)
    expect(raisedCount(detectSustainedBelow(series([95, ...rep(91, 20)]), { threshold: 91 }))).toBe(1)
  })

  it('keeps the first lowest sample as nadir and reports it on clear', () => {
    const ev = detectSustainedBelow(series([97, 92, 90, 88, 88, 91, 92, ...rep(90, 12), 96]))
    expect(ev[1]).toMatchObject({ type: 'cleared', reason: 'recovered', nadir: { timeMs: 3000, spo2: 88 } })
  })

  it('null, NaN, out-of-range values and unusable flags break the run; genuinely low values do not', () => {
    for (const bad of [null, Number.NaN, -5, 101, 0]) {
      const raw = series([...rep(90, 10), 90, ...rep(90, 10)])
      // makeSample turns NaN into null; build the raw object to test NaN and impossible values too.
      raw[10] = { ...raw[10]!, spo2: bad }
      expect(raisedCount(detectSustainedBelow(raw))).toBe(0)
    }
    const flagged = series(rep(90, 21))
    flagged[10] = s(10, 90, ['fingerOut'])
    expect(raisedCount(detectSustainedBelow(flagged))).toBe(0)
    expect(raisedCount(detectSustainedBelow(series(rep(45, 16))))).toBe(1)
  })

  it('a non-finite timestamp is treated as an invalid sample, never a throw', () => {
    const raw: OximetrySample[] = [...series(rep(90, 16))]
    raw.splice(8, 0, makeSample({ ...s(0, 90), timeMs: Number.NaN }))
    expect(() => detectSustainedBelow(raw)).not.toThrow()
    expect(raisedCount(detectSustainedBelow(raw))).toBe(0)
  })

  it('empty input gives no events', () => {
    expect(detectSustainedBelow([])).toEqual([])
  })

  it('streaming and batch give the same events', async () => {
    const data = series([97, ...rep(91, 30), 96, 95, ...rep(89, 40), null, ...rep(89, 20), 97])
    const streamed = await lastValueFrom(from(data).pipe(sustainedBelow(), toArray()))
    expect(streamed).toEqual(detectSustainedBelow(data))
    expect(streamed.map((e) => (e.type === 'cleared' ? e.reason : e.type))).toEqual([
      'raised',
      'recovered',
      'raised',
      'invalid-value',
      'raised',
      'recovered',
    ])
  })
})
