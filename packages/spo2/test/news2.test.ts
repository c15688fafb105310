import { of, toArray } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { describe, expect, it } from 'vitest'

import {
  NEWS2_SCALE1_RULE,
  NEWS2_SCALE2_RULE,
  news2AirOrOxygenScore,
  news2Spo2Score,
  news2Spo2Scores,
} from '../src/index.js'

const score = (spo2: number | null, input?: Parameters<typeof news2Spo2Score>[1]) => news2Spo2Score(spo2, input).score

describe('NEWS2 SpO2 sub-score (RCP 2017, chart 1)', () => {
  it('scale 1 band edges', () => {
    expect([100, 96, 95, 94, 93, 92, 91, 80].map((v) => score(v))).toEqual([0, 0, 1, 1, 2, 2, 3, 3])
    expect(news2Spo2Score(95).rule).toBe(NEWS2_SCALE1_RULE)
  })

  it('scale 1 ignores onOxygen (the air/oxygen parameter is separate)', () => {
    expect(score(97, { onOxygen: true })).toBe(0)
    expect(news2AirOrOxygenScore(true)).toBe(2)
    expect(news2AirOrOxygenScore(false)).toBe(0)
  })

  it('scale 2 on air and on oxygen', () => {
    const air = { scale: 2, onOxygen: false } as const
    const o2 = { scale: 2, onOxygen: true } as const
    expect([83, 84, 85, 86, 87, 88, 92, 93, 97, 100].map((v) => score(v, air))).toEqual([3, 2, 2, 1, 1, 0, 0, 0, 0, 0])
    expect([88, 92, 93, 94, 95, 96, 97, 100].map((v) => score(v, o2))).toEqual([0, 0, 1, 1, 2, 2, 3, 3])
    expect(news2Spo2Score(90, o2).rule).toBe(NEWS2_SCALE2_RULE)
  })

  it('fractional values round half up to the charted whole percent; invalid gives null', () => {
    expect(score(95.5)).toBe(0)
    expect(score(95.4)).toBe(1)
    expect([null, Number.NaN, 0, -3, 101].map((v) => score(v))).toEqual([null, null, null, null, null])
  })

  it('operator maps each value (marbles: empty, one, many, error)', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      expectObservable(cold<number>('|').pipe(news2Spo2Scores())).toBe('|')
      expectObservable(cold('ab#', { a: 97, b: 91 }).pipe(news2Spo2Scores())).toBe('ab#', {
        a: { rule: NEWS2_SCALE1_RULE, score: 0, spo2: 97 },
        b: { rule: NEWS2_SCALE1_RULE, score: 3, spo2: 91 },
      })
    })
    of(93)
      .pipe(news2Spo2Scores({ scale: 2, onOxygen: true }), toArray())
      .subscribe((r) => expect(r[0]!.score).toBe(1))
  })
})
