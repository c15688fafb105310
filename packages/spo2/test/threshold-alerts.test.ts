import type { OximetrySample } from '@openward/core'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import {
  alertLevelOf,
  detectThresholdAlerts,
  NHSE_OXIMETRY_HOME_RULE,
  thresholdAlerts,
  type ThresholdAlertEvent,
} from '../src/index.js'
import { rep, s, series } from './samples.js'

const ts = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected))
const levels = (evs: readonly ThresholdAlertEvent[]) =>
  evs.map((e) => (e.type === 'escalated' || e.type === 'de-escalated' ? `${e.type}:${e.to}@${e.atMs / 1000}` : e.type))

describe('alertLevelOf (NHSE @home bands)', () => {
  it('≥ 95 normal, 93–94 review, ≤ 92 urgent', () => {
    expect([96, 95, 94.5, 94, 93, 92.9, 92, 91].map((v) => alertLevelOf(v))).toEqual([
      'normal',
      'normal',
      'review',
      'review',
      'review',
      'urgent',
      'urgent',
      'urgent',
    ])
  })
})

describe('thresholdAlerts (marbles, virtual time)', () => {
  const fast = { persistMs: 2000, recoverMs: 2000, staleAfterMs: 1000 }
  const v = { a: s(0, 97), b: s(1, 92), c: s(2, 92), d: s(3, 92), e: s(4, 94), f: s(5, 95), g: s(6, 96) }

  it('escalates after persistence and de-escalates after hysteresis', () => {
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('abcdefg|', v)
      expectObservable(src.pipe(thresholdAlerts(fast))).toBe('---E--D|', {
        E: expect.objectContaining({
          type: 'escalated',
          from: 'normal',
          to: 'urgent',
          atMs: 3000,
          sinceMs: 1000,
          rule: NHSE_OXIMETRY_HOME_RULE,
          sample: v.d,
          quality: { samples: 4, validSamples: 4, invalidFraction: 0 },
        }),
        D: expect.objectContaining({ type: 'de-escalated', from: 'urgent', to: 'normal', atMs: 6000, sinceMs: 4000 }),
      })
      expectSubscriptions(src.subscriptions).toBe('^------!')
    })
  })

  it('emits stale when no valid sample arrives for staleAfterMs, then data-resumed', () => {
    ts().run(({ cold, expectObservable }) => {
      const src = cold('a 9ms b|', { a: s(0, 97), b: s(1, 97) })
      expectObservable(src.pipe(thresholdAlerts({ staleAfterMs: 5 }))).toBe('-----S----R|', {
        S: expect.objectContaining({ type: 'stale', atMs: 5, lastValidMs: 0, level: 'normal' }),
        R: expect.objectContaining({ type: 'data-resumed', atMs: 10, level: 'normal' }),
      })
    })
  })

  it('no data at all is reported as stale with lastValidMs null (endless source, early unsubscribe)', () => {
    ts().run(({ cold, expectObservable }) => {
      expectObservable(cold<OximetrySample>('-').pipe(thresholdAlerts({ staleAfterMs: 5 })), '^ 7ms !').toBe('-----S', {
        S: expect.objectContaining({ type: 'stale', lastValidMs: null }),
      })
    })
  })

  it('invalid samples do not count as data: finger-out readings go stale', () => {
    ts().run(({ cold, expectObservable }) => {
      const src = cold('a-x-x-x|', { a: s(0, 97), x: s(1, 97, ['fingerOut']) })
      expectObservable(src.pipe(thresholdAlerts({ staleAfterMs: 4 }))).toBe('----S--|', {
        S: expect.objectContaining({ type: 'stale', lastValidMs: 0 }),
      })
    })
  })

  it('empty, error and early unsubscribe', () => {
    ts().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(cold<OximetrySample>('|').pipe(thresholdAlerts())).toBe('|')
      expectObservable(cold('a#', v).pipe(thresholdAlerts())).toBe('-#')
      const src = cold('abcdefg|', v)
      expectObservable(src.pipe(thresholdAlerts(fast)), '^-!').toBe('--')
      expectSubscriptions(src.subscriptions).toBe('^-!')
    })
  })
})

describe('thresholdAlerts edges (synthetic 1 Hz signals, 15 s persistence)', () => {
  it('95→92 is urgent, 95→93 is review, 95→91 is urgent', () => {
    expect(levels(detectThresholdAlerts(series([95, ...rep(92, 20)])))).toEqual(['escalated:urgent@16'])
    expect(levels(detectThresholdAlerts(series([95, ...rep(93, 20)])))).toEqual(['escalated:review@16'])
    expect(levels(detectThresholdAlerts(series([95, ...rep(91, 20)])))).toEqual(['escalated:urgent@16'])
  })

  it('a band held 14 s does not trip; 15 s does', () => {
    expect(detectThresholdAlerts(series([95, ...rep(92, 15), 97]))).toEqual([])
    expect(levels(detectThresholdAlerts(series([95, ...rep(92, 16), 97])))).toEqual(['escalated:urgent@16'])
  })

  it('review first, then urgent when the fall continues', () => {
    const ev = detectThresholdAlerts(series([96, ...rep(94, 20), ...rep(90, 20)]))
    expect(levels(ev)).toEqual(['escalated:review@16', 'escalated:urgent@36'])
  })

  it('recovery just below the hysteresis level does not de-escalate; at it for 30 s does', () => {
    const below = series([95, ...rep(92, 16), ...rep(93, 60)])
    expect(levels(detectThresholdAlerts(below))).toEqual(['escalated:urgent@16'])
    const at = series([95, ...rep(92, 16), ...rep(94, 31)])
    expect(levels(detectThresholdAlerts(at))).toEqual(['escalated:urgent@16', 'de-escalated:review@47'])
    const short = series([95, ...rep(92, 16), ...rep(94, 30), 92])
    expect(levels(detectThresholdAlerts(short))).toEqual(['escalated:urgent@16'])
  })

  it('gaps and invalid samples restart the timers and never de-escalate', () => {
    const gap = [...series([95, ...rep(92, 10)]), ...series(rep(92, 10), 20)]
    expect(detectThresholdAlerts(gap)).toEqual([])
    const invalid = series([95, ...rep(92, 10), null, ...rep(92, 10)])
    expect(detectThresholdAlerts(invalid)).toEqual([])
    const tripped = series([95, ...rep(92, 16), ...rep(null, 100)])
    expect(levels(detectThresholdAlerts(tripped))).toEqual(['escalated:urgent@16'])
  })

  it('per-patient bands: a COPD patient (target 88–92 %) at 89 % is normal', () => {
    const bands = { normalAtOrAbove: 88, reviewAtOrAbove: 86 }
    expect(detectThresholdAlerts(series(rep(89, 40)), { bands })).toEqual([])
    expect(levels(detectThresholdAlerts(series([89, ...rep(85, 20)]), { bands }))).toEqual(['escalated:urgent@16'])
  })

  it('bad timestamps and values never throw: duplicates and backwards times are ignored', () => {
    const raw = series([95, ...rep(92, 16)])
    const messy = [...raw.slice(0, 8), s(3, 99), s(7, 99), { ...raw[8]!, spo2: Number.NaN }, ...raw.slice(8)]
    expect(() => detectThresholdAlerts(messy)).not.toThrow()
    // the NaN at t=8 is invalid and restarts the run: from t=8 (the later valid t=8 is a duplicate) …
    expect(detectThresholdAlerts(messy)).toEqual([])
    expect(detectThresholdAlerts([])).toEqual([])
  })
})

describe('thresholdAlerts on a real recording', () => {
  it('streaming and batch give the same level changes (Masimo induced-hypoxaemia record 100001)', async () => {
    const { readFileSync } = await import('node:fs')
    const { fileURLToPath } = await import('node:url')
    const { makeSample } = await import('@openward/core')
    const { from, lastValueFrom, toArray } = await import('rxjs')
    const path = fileURLToPath(
      new URL('../../../../shared/data/spo2/ubicomp_varied_fio2_100001_masimo_1hz.csv', import.meta.url),
    )
    const samples = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number))
      .map(([t, spo2]) =>
        makeSample({
          timeMs: t! * 1000,
          clock: 'recording',
          spo2: spo2!,
          pulseRate: null,
          provenance: { protocol: 't' },
        }),
      )
    const streamed = await lastValueFrom(from(samples).pipe(thresholdAlerts(), toArray()))
    const changes = streamed.filter((e) => e.type === 'escalated' || e.type === 'de-escalated')
    expect(changes).toEqual(detectThresholdAlerts(samples))
    expect(levels(changes)[0]).toMatch(/^escalated:(review|urgent)@/)
    expect(changes.some((e) => e.type === 'escalated' && e.to === 'urgent')).toBe(true)
    expect(changes[changes.length - 1]!.type).toBe('de-escalated') // the subject recovered on air
  })
})
