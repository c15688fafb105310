/**
 * The pobm batch path's fast forms (issue 19: one-pass grouping, the nadir tracked in a local, the
 * statistics counted in the median pass, whole numbers skipping the rounding) against the spec's steps
 * written out plainly here, on random series and on the real overnight record.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  pobmDesaturations,
  pobmGroupEvents,
  pobmNadir,
  pobmPreprocess,
  pobmRawDesaturations,
  type PobmRawEvent,
  summarizePobm,
} from '../src/index.js'
import { OVERNIGHT, readSpo2Column } from './data.js'

const overnight = readSpo2Column(OVERNIGHT)

/** Step 6–7 as the spec states them: group against the previous raw end, filter by length, then argmin. */
function groupReference(x: ArrayLike<number>, raw: readonly PobmRawEvent[], minDist: number, minLength: number) {
  const groups: { begin: number; end: number }[] = []
  let prevRawEnd = -minDist - 5
  for (const ev of raw) {
    const last = groups[groups.length - 1]
    if (last === undefined || ev.a - prevRawEnd > minDist) groups.push({ begin: ev.a, end: ev.d })
    else last.end = Math.max(last.end, ev.d)
    prevRawEnd = ev.d
  }
  return groups
    .filter((g) => g.end - g.begin > minLength)
    .map((g) => ({ begin: g.begin, end: g.end, nadir: nadirReference(x, g.begin, g.end) }))
}

/** NumPy `argmin` over x[begin:end]: the first minimum, a NaN wins. */
function nadirReference(x: ArrayLike<number>, begin: number, end: number): number {
  let best = begin
  for (let i = begin; i < end; i++) {
    if (Number.isNaN(x[i]!)) return i
    if (x[i]! < x[best]!) best = i
  }
  return best
}

/** Steps 1–5 as the spec states them, every value read by index where it is compared (no carried values). */
function rawReference(x: ArrayLike<number>, threshold: number, maxLength: number): PobmRawEvent[] {
  const n = x.length
  const events: PobmRawEvent[] = []
  const endOf = (a: number, c: number): number => {
    const level = x[a]! - 1
    if (x[c]! >= level) return c
    for (let j = c - a; j <= maxLength - 1; j++) if (a + j < n && x[a + j]! >= level) return a + j
    return Math.min(a + maxLength, n - 1)
  }
  let a = 1
  scan: while (a + 10 <= n) {
    const step = x[a]! - x[a - 1]!
    if (!(x[a]! > 25 && step >= -threshold && step <= -1)) {
      a += 1
      continue
    }
    let b = a + 1
    for (;;) {
      if (!(x[b]! <= x[b - 1]!) || x[a]! - x[b]! >= threshold) break
      b += 1
      if (b >= n - 1) break scan
    }
    if (!(x[a]! - x[b]! >= threshold)) {
      a += 1
      continue
    }
    let c = b + 1
    if (c >= n) break
    for (;;) {
      if ((x[a]! - x[c]! <= 1 || x[c]! - x[b]! >= threshold) && c - a >= 10) {
        if (c - a <= maxLength) events.push({ a, b, c, d: endOf(a, c) })
        a = c + 1
        continue scan
      }
      c += 1
      if (c > n - 1) break scan
      if (x[b]! >= x[c - 1]!) b = c - 1
    }
  }
  return events
}

/** pobm's AOD100 of one event as the spec states it: Σ (100 − x) over begin … end, NaN skipped. */
function areaReference(x: ArrayLike<number>, begin: number, end: number): number {
  let area = 0
  for (let i = begin; i <= Math.min(end, x.length - 1); i++) if (!Number.isNaN(x[i]!)) area += 100 - x[i]!
  return area
}

// SpO2-like series: slow wander, dips, runs of NaN (invalid) and a few out-of-range and fractional values.
const series = fc.array(
  fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 80, max: 100 }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 0, 45, 120, 92.5, 93.5, 88.25) },
  ),
  { minLength: 0, maxLength: 400 },
)

describe('pobm fast paths equal the plain steps', () => {
  it('grouping and nadir: random series, thresholds 2–5, min distance 0–10, min length 0–20', () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: 2, max: 5 }),
        fc.nat(10),
        fc.nat(20),
        (values, threshold, minDist, minLength) => {
          const x = pobmPreprocess(values)
          const raw = pobmRawDesaturations(x, threshold)
          expect(pobmGroupEvents(x, raw, minDist, minLength)).toEqual(groupReference(x, raw, minDist, minLength))
        },
      ),
      { numRuns: 300, seed: 19 },
    )
  })

  it('the one-pass detector (scan and grouping fused) gives the events of scan → group, random options', () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 10, max: 120 }),
        fc.nat(10),
        fc.nat(20),
        (values, threshold, maxLength, minDist, minLength) => {
          const x = pobmPreprocess(values)
          const raw = pobmRawDesaturations(x, threshold, maxLength)
          expect(pobmDesaturations(x, { threshold, maxLength, minDistMetaEvent: minDist, minLength })).toEqual(
            groupReference(x, raw, minDist, minLength),
          )
        },
      ),
      { numRuns: 300, seed: 19 },
    )
  })

  it('the raw scan (each value carried from the step before) equals steps 1–5 read by index, random options', () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 10, max: 120 }),
        (values, threshold, max) => {
          const x = pobmPreprocess(values)
          expect(pobmRawDesaturations(x, threshold, max)).toEqual(rawReference(x, threshold, max))
          // Unfiltered too: NaN anywhere, values below 25, out of range.
          const raw = Float64Array.from(values, (v) => (v === 0 ? Number.NaN : v))
          expect(pobmRawDesaturations(raw, threshold, max)).toEqual(rawReference(raw, threshold, max))
        },
      ),
      { numRuns: 300, seed: 19 },
    )
    const x = pobmPreprocess(overnight)
    for (const threshold of [3, 4]) {
      const reference = rawReference(x, threshold, 90)
      expect(reference.length).toBeGreaterThan(400)
      expect(pobmRawDesaturations(x, threshold)).toEqual(reference)
    }
  })

  it("the summary's events: nadir and area (taken in one pass) are argmin and Σ (100 − x) of the preprocessed series", () => {
    const check = (values: readonly number[]) => {
      const x = pobmPreprocess(values)
      const s = summarizePobm(values, 0, { minValidS: 0, minCoverage: 0 })
      for (const [threshold, events] of [
        [3, s.events3],
        [4, s.events4],
      ] as const) {
        const reference = pobmDesaturations(x, { threshold })
        expect(events.length).toBe(reference.length)
        events.forEach((e, k) => {
          const { begin, end } = reference[k]!
          expect([e.startMs, e.endMs, e.nadirMs]).toEqual([
            begin * 1000,
            end * 1000,
            nadirReference(x, begin, end) * 1000,
          ])
          expect(e.area).toBe(areaReference(x, begin, end))
        })
      }
    }
    check(overnight)
    fc.assert(
      fc.property(series, (values) => check(values)),
      { numRuns: 300, seed: 19 },
    )
  })

  it('nadir: any window of a series with NaNs is the first minimum, or the first NaN', () => {
    fc.assert(
      fc.property(series, fc.nat(400), fc.nat(400), (values, p, q) => {
        const x = Float64Array.from(values, (v) => (v === 0 ? Number.NaN : v))
        const begin = Math.min(p, q, x.length)
        const end = Math.min(Math.max(p, q), x.length)
        expect(pobmNadir(x, begin, end)).toBe(nadirReference(x, begin, end))
      }),
      { numRuns: 300, seed: 19 },
    )
  })

  it('the summary statistics (CT90, CT88, nadir, mean, valid count) are those of the preprocessed series', () => {
    const check = (values: readonly number[]) => {
      const x = pobmPreprocess(values) // the Float64 path, no statistics of its own
      const valid = [...x].filter((v) => !Number.isNaN(v))
      const s = summarizePobm(values, 0, { minValidS: 0, minCoverage: 0 })
      expect(s.dataQuality.validSeconds).toBe(valid.length)
      if (valid.length === 0) return
      expect(s.nadir).toBe(Math.min(...valid))
      expect(s.mean).toBeCloseTo(valid.reduce((a, b) => a + b, 0) / valid.length, 9)
      expect(s.ct90).toBeCloseTo((100 * valid.filter((v) => v <= 90).length) / values.length, 9)
      expect(s.ct88).toBeCloseTo((100 * valid.filter((v) => v <= 88).length) / values.length, 9)
    }
    check(overnight)
    fc.assert(
      fc.property(series, (values) => check(values)),
      { numRuns: 300, seed: 19 },
    )
  })

  it('the overnight record: the fast grouping and the one-pass detector give the reference events at ODI3 and ODI4', () => {
    const x = pobmPreprocess(overnight)
    for (const threshold of [3, 4]) {
      const raw = pobmRawDesaturations(x, threshold)
      const reference = groupReference(x, raw, 0, 0)
      expect(reference.length).toBeGreaterThan(400)
      expect(pobmGroupEvents(x, raw)).toEqual(reference)
      expect(pobmDesaturations(x, { threshold })).toEqual(reference)
    }
  })
})
