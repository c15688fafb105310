import { SortedWindow } from './internal/sorted-window.js'

/**
 * Preprocessing as pobm 1.0.5 does it (`set_range` → `median_spo2(9)`), reimplemented from the
 * description in `spo2-analytics.md` §2.1 (pobm is GPL-3.0; no code was looked at or copied).
 * Input and output are 1 Hz series; NaN marks an invalid sample.
 */

/**
 * `set_range`: values strictly below `min` or strictly above `max` become NaN (bounds kept).
 *
 * @category pobm
 */
export function pobmSetRange(x: ArrayLike<number>, min = 50, max = 100): Float64Array {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!
    out[i] = v < min || v > max ? Number.NaN : v
  }
  return out
}

/**
 * Rounds half to even (NumPy's `np.round`): 95.5 → 96, 96.5 → 96. NaN stays NaN.
 *
 * @category pobm
 */
export function roundHalfEven(v: number): number {
  const f = Math.floor(v)
  const d = v - f
  if (d < 0.5) return f
  if (d > 0.5) return f + 1
  return f % 2 === 0 ? f : f + 1
}

/**
 * `median_spo2(k)`: round half-even, then a running median of odd length `k` with **zero padding**
 * at both ends (SciPy `medfilt`), so the first and last `(k-1)/2` outputs are biased low, as in pobm.
 * NaN sorts above every number, which reproduces pobm on records whose only NaNs are at the start
 * (§2.1); on records with scattered NaNs pobm's result is undefined and is not matched.
 *
 * @category pobm
 */
export function pobmMedian(x: ArrayLike<number>, k = 9): Float64Array {
  return rangeRoundMedian(x, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, k)
}

/** set_range (values outside [min, max] → NaN), round half-even and the zero-padded median, in one pass. */
function rangeRoundMedian(x: ArrayLike<number | null>, min: number, max: number, k: number): Float64Array {
  const n = x.length
  const half = (k - 1) >> 1
  // Rounded input with the zero padding materialised, NaN mapped to +Infinity (sorts above all).
  const padded = new Float64Array(n + 2 * half)
  for (let i = 0; i < n; i++) {
    const v = x[i] ?? Number.NaN
    padded[i + half] = v >= min && v <= max ? roundHalfEven(v) : Number.POSITIVE_INFINITY
  }
  const out = new Float64Array(n)
  if (n === 0) return out
  // The window always holds the k values centred on i; consecutive equal values (the usual case in
  // SpO2) leave it unchanged, so only changes pay for a remove + insert.
  const win = new SortedWindow(k)
  for (let j = 0; j < k; j++) win.insert(padded[j]!)
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const vout = padded[i - 1]!
      const vin = padded[i + k - 1]!
      if (vin !== vout) {
        win.remove(vout)
        win.insert(vin)
      }
    }
    const med = win.at(half)
    out[i] = med === Number.POSITIVE_INFINITY ? Number.NaN : med
  }
  return out
}

/**
 * The pobm reference pipeline A: `set_range(50, 100)` then `median_spo2(9)` (fused into one pass;
 * `null` counts as NaN).
 *
 * @category pobm
 */
export function pobmPreprocess(x: ArrayLike<number | null>): Float64Array {
  return rangeRoundMedian9(x, null, new Float64Array(x.length))
}

/** @internal Counts of the preprocessed signal for the summary, taken in the same pass (pobm's `≤` in CT). */
export interface PobmStats {
  n: number
  sum: number
  min: number
  below90: number
  below88: number
}

/** @internal {@link pobmPreprocess} and the stats of its output (non-NaN count, sum, min, `≤ 90`, `≤ 88`) in one pass. */
export function pobmPreprocessWithStats(x: ArrayLike<number | null>): { x: Float32Array; stats: PobmStats } {
  const stats: PobmStats = { n: 0, sum: 0, min: Number.POSITIVE_INFINITY, below90: 0, below88: 0 }
  // The output is 0 (padding), an integer 50–100 or NaN: exact in 32 bits, half the memory of a long record.
  return { x: rangeRoundMedian9(x, stats, new Float32Array(x.length)), stats }
}

/** Bucket of the zero padding, of 50 … 100 (1 … 51) and of NaN / out of range (sorts above all). */
const PAD = 0
const INVALID = 52

/** The bucket of one value: set_range(50, 100), then round half-even (whole numbers skip the rounding). */
const bucketOf = (v: number): number => (v >= 50 && v <= 100 ? ((v | 0) === v ? v : roundHalfEven(v)) - 49 : INVALID)

/** Buckets of `x[from]` … `x[from + count - 1]` into `idx[0…]`; positions outside `x` are the padding. */
function bucketsOf(x: ArrayLike<number | null>, idx: Uint8Array, from: number, count: number): void {
  const lo = Math.max(0, -from)
  const hi = Math.min(count, x.length - from)
  idx.fill(PAD, 0, lo)
  for (let j = lo; j < hi; j++) idx[j] = bucketOf(x[from + j] ?? Number.NaN)
  if (hi > lo) idx.fill(PAD, hi, count)
  else idx.fill(PAD, lo, count)
}

function bucketsOfFloat32(x: Float32Array, idx: Uint8Array, from: number, count: number): void {
  const lo = Math.max(0, -from)
  const hi = Math.min(count, x.length - from)
  idx.fill(PAD, 0, lo)
  for (let j = lo; j < hi; j++) idx[j] = bucketOf(x[from + j]!)
  if (hi > lo) idx.fill(PAD, hi, count)
  else idx.fill(PAD, lo, count)
}

/**
 * Outputs computed per block of buckets: the buckets are held for one block (plus the window's 9), not
 * for the whole record (a 7-day 1 Hz record: 16 KiB instead of 600 KiB at the batch summary's peak).
 */
const BLOCK = 1 << 14

/** The output value of each bucket: the padding 0, 50 … 100, NaN (32-bit: every value is exact in it). */
const BUCKET_VALUE = /* @__PURE__ */ (() => {
  const v = new Float64Array(INVALID + 1)
  for (let b = 1; b < INVALID; b++) v[b] = b + 49
  v[INVALID] = Number.NaN
  return v
})()

/**
 * `rangeRoundMedian(x, 50, 100, 9)` by counting: after set_range and rounding a value is one of 53
 * buckets (the padding 0, the integers 50–100, NaN), so the window is a histogram and its 5th value
 * is tracked by moving one bucket pointer, which SpO2's slow changes keep short. Same output as the
 * sorted window by construction (the same multiset, the same rank); tested against it.
 *
 * The statistics are counted per output bucket (one increment per sample) and summed over the 53
 * buckets at the end: every output is a whole number, so the sum, the minimum and the `≤ 90` / `≤ 88`
 * counts are exactly those of a per-sample pass (issue 19: this loop runs once per sample).
 */
function rangeRoundMedian9<A extends Float64Array | Float32Array>(
  x: ArrayLike<number | null>,
  stats: PobmStats | null,
  out: A,
): A {
  const n = x.length
  if (n === 0) return out
  // idx[j] is the bucket of x[base - 5 + j]: the window of output i is x[i - 4 … i + 4], and step i
  // removes x[i - 5] and adds x[i + 4]; positions before 0 and after n - 1 are the zero padding.
  const idx = new Uint8Array(Math.min(n, BLOCK) + 9)
  // A typed column (`summarizeColumns`) gets a loop of its own, so its element reads stay monomorphic.
  const fill = (base: number, count: number): void =>
    x instanceof Float32Array ? bucketsOfFloat32(x, idx, base - 5, count + 9) : bucketsOf(x, idx, base - 5, count + 9)
  fill(0, Math.min(n, BLOCK))
  const counts = new Int32Array(INVALID + 1)
  for (let j = 1; j <= 9; j++) counts[idx[j]!]!++
  let m = 0 // the median's bucket: below < 5 ≤ below + counts[m]
  let below = 0
  while (below + counts[m]! < 5) below += counts[m++]!
  // How many outputs fell in each bucket (Float64: exact past 2^31 samples).
  const outputs = new Float64Array(INVALID + 1)
  out[0] = BUCKET_VALUE[m]!
  outputs[m]!++
  for (let base = 0; base < n; base += BLOCK) {
    const end = Math.min(n, base + BLOCK)
    if (base > 0) fill(base, end - base)
    for (let i = base === 0 ? 1 : base; i < end; i++) {
      const vout = idx[i - base]!
      const vin = idx[i - base + 9]!
      if (vin !== vout) {
        counts[vout]!--
        counts[vin]!++
        // Restore below < 5 ≤ below + counts[m]: only the side that can break is checked (SpO2 moves the
        // window nearly every second in a restless night, so this branch is the loop's cost).
        if (vout < m) {
          if (vin >= m && --below + counts[m]! < 5) {
            do below += counts[m++]!
            while (below + counts[m]! < 5)
          }
        } else if (vin < m) {
          if (++below >= 5) {
            do below -= counts[--m]!
            while (below >= 5)
          }
        } else if (below + counts[m]! < 5) {
          do below += counts[m++]!
          while (below + counts[m]! < 5)
        }
      }
      out[i] = BUCKET_VALUE[m]!
      outputs[m]!++
    }
  }
  if (stats !== null) {
    // Buckets in increasing value (the padding 0 first), NaN (INVALID) left out.
    let min = Number.POSITIVE_INFINITY
    for (let b = 0; b < INVALID; b++) {
      const count = outputs[b]!
      if (count === 0) continue
      const v = BUCKET_VALUE[b]!
      if (v < min) min = v
      stats.n += count
      stats.sum += v * count
      if (v <= 90) stats.below90 += count
      if (v <= 88) stats.below88 += count
    }
    stats.min = Math.min(stats.min, min)
  }
  return out
}
