/**
 * The sampling interval of a recording: the **median of the positive steps** between consecutive
 * sample times (ms). The median, not the mean, so that gaps (a removed finger, a dropped link) and
 * jitter do not move it; zero and negative steps (duplicates, clock steps back) are ignored.
 * `null` when fewer than two distinct times.
 *
 * @example
 * detectSamplingInterval([0, 4000, 8000, 12_000, 60_000]) // 4000
 * @category summary
 */
export function detectSamplingInterval(timesMs: ArrayLike<number>): number | null {
  // Fast path: when more than half of the positive steps equal the first one, it is the median.
  // One read per row and no call in the loop (`d < Infinity` is `Number.isFinite` for a positive d):
  // this pass runs over every row of a batch summary (issue 19).
  const n = timesMs.length
  // The usual step (equal to the first) costs one comparison: `first` is NaN, equal to nothing, until set.
  let first = Number.NaN
  let same = 0 // positive steps equal to the first (≥ 1 once `first` is set)
  let other = 0 // the other positive steps
  let previous = n === 0 ? 0 : timesMs[0]!
  for (let i = 1; i < n; i++) {
    const t = timesMs[i]!
    const d = t - previous
    previous = t
    if (d === first) same++
    else if (d > 0 && d < Number.POSITIVE_INFINITY) {
      if (same === 0) {
        first = d
        same = 1
      } else other++
    }
  }
  const positive = same + other
  if (positive === 0) return null
  if (2 * same > positive) return first
  const steps: number[] = []
  for (let i = 1; i < timesMs.length; i++) {
    const d = timesMs[i]! - timesMs[i - 1]!
    if (d > 0 && Number.isFinite(d)) steps.push(d)
  }
  if (steps.length === 0) return null
  const sorted = Float64Array.from(steps).sort()
  const m = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2
}

/**
 * How far one sample is held on the 1 s grid: a step up to `MAX_HOLD_FACTOR ×` the sampling interval
 * is the device's own pace (jitter included), so the sample covers the whole step; a longer step is
 * a gap, and the sample covers only its nominal interval. 1.5 keeps a 1 Hz record exactly as it was
 * (a missing second stays missing) and tolerates ±50 % jitter on a 2 s or 4 s device.
 *
 * @category summary
 */
export const MAX_HOLD_FACTOR = 1.5
