/**
 * One second of SpO2 on a 1 Hz grid: the input of the desaturation detectors and summaries.
 * `spo2` is `null` when the second has no valid reading. Seconds with no sample at all are simply
 * absent (a jump in `timeMs` is a gap).
 *
 * @category model
 */
export interface Spo2Second {
  /** Start of the second (ms). Consecutive seconds differ by exactly 1000. */
  readonly timeMs: number
  readonly spo2: number | null
}

/**
 * Data quality carried by every summary and window: how much of the covered time had a valid value.
 *
 * @category model
 */
export interface DataQuality {
  /** Seconds from the first to the last second seen, inclusive (gaps included). */
  readonly totalSeconds: number
  /** Seconds with a valid SpO2 value. */
  readonly validSeconds: number
  /** `validSeconds / totalSeconds` (0 when nothing was seen). */
  readonly coverage: number
  /** `1 - coverage` (0 when nothing was seen). */
  readonly invalidFraction: number
}

/**
 * Builds {@link DataQuality} from counts.
 *
 * @category constructors
 */
export function dataQuality(totalSeconds: number, validSeconds: number): DataQuality {
  const coverage = totalSeconds > 0 ? validSeconds / totalSeconds : 0
  return { totalSeconds, validSeconds, coverage, invalidFraction: totalSeconds > 0 ? 1 - coverage : 0 }
}

/**
 * Turns a plain 1 Hz array (index = second) into {@link Spo2Second}s; implausible values
 * (see `isPlausibleSpo2`: null, NaN, ≤ 0, > 100) become `null`.
 *
 * @category constructors
 */
export function secondsFromValues(values: ArrayLike<number | null>, startMs = 0): Spo2Second[] {
  const out: Spo2Second[] = new Array<Spo2Second>(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    out[i] = { timeMs: startMs + i * 1000, spo2: typeof v === 'number' && v > 0 && v <= 100 ? v : null }
  }
  return out
}
