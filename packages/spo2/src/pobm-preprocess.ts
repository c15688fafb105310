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
  return rangeRoundMedian(x, 50, 100, 9)
}
