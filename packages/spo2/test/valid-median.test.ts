import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { runDetector } from '../src/internal/detector.js'
import { validMedian } from '../src/internal/valid-median.js'
import { pobmMedian, type Spo2Second } from '../src/index.js'

// Naive reference implementations, written independently of the sliding-window code.
function naiveValidMedian(xs: readonly Spo2Second[], window: number): Spo2Second[] {
  const half = (window - 1) >> 1
  return xs.map((c, i) => {
    if (c.spo2 === null) return c
    const vals: number[] = []
    for (let j = i; j >= Math.max(0, i - half); j--) {
      if (j < i && xs[j]!.timeMs !== xs[j + 1]!.timeMs - 1000) break
      if (xs[j]!.spo2 !== null) vals.push(xs[j]!.spo2!)
    }
    for (let j = i + 1; j <= Math.min(xs.length - 1, i + half); j++) {
      if (xs[j]!.timeMs !== xs[j - 1]!.timeMs + 1000) break
      if (xs[j]!.spo2 !== null) vals.push(xs[j]!.spo2!)
    }
    vals.sort((a, b) => a - b)
    const m = vals.length >> 1
    const med = vals.length % 2 ? vals[m]! : (vals[m - 1]! + vals[m]!) / 2
    return { timeMs: c.timeMs, spo2: med }
  })
}

function naivePobmMedian(x: readonly number[], k: number): number[] {
  const half = (k - 1) >> 1
  return x.map((_, i) => {
    const w: number[] = []
    for (let j = i - half; j <= i + half; j++) {
      const v = j < 0 || j >= x.length ? 0 : Math.round(x[j]!) // integer inputs: rounding mode irrelevant
      w.push(Number.isNaN(v) ? Infinity : v)
    }
    w.sort((a, b) => a - b)
    return w[half] === Infinity ? NaN : w[half]!
  })
}

const series = fc
  .array(
    fc.record({
      step: fc.constantFrom(1, 1, 1, 1, 2, 7),
      v: fc.option(fc.integer({ min: 60, max: 100 }), { freq: 5 }),
    }),
    {
      maxLength: 80,
    },
  )
  .map((rows) => {
    let t = 0
    return rows.map(({ step, v }) => ({ timeMs: (t += step) * 1000, spo2: v }))
  })

describe('sliding medians agree with naive ones', () => {
  it('validMedian (clinical): any window, nulls and gaps', () => {
    fc.assert(
      fc.property(series, fc.constantFrom(1, 3, 5, 9), (xs, w) => {
        expect(runDetector(() => validMedian(w), xs)).toEqual(naiveValidMedian(xs, w))
      }),
      { numRuns: 300 },
    )
  })

  it('pobmMedian: zero padding, NaN above every number', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 50, max: 100 }), fc.constant(NaN)), { maxLength: 60 }), (x) => {
        expect(Array.from(pobmMedian(x, 9))).toEqual(naivePobmMedian(x, 9))
      }),
      { numRuns: 300 },
    )
  })
})
