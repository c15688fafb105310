import type { OperatorFunction } from 'rxjs'

import { type Detector, detectorOperator, runDetector } from './internal/detector.js'
import type { GatedSample } from './quality-gate.js'
import { MAX_HOLD_FACTOR } from './sampling-interval.js'
import type { Spo2Second } from './spo2-second.js'

/**
 * Options of the resampler for devices slower than 1 Hz. Without them (the streaming default) a
 * second with no sample is a gap; with them each sample covers its interval on the 1 s grid.
 *
 * @category quality
 */
export interface ResampleSecondsOptions {
  /** The recording's sampling interval (ms), e.g. from `detectSamplingInterval`: a sample covers at least this long. */
  readonly intervalMs: number
  /** A step up to this long (ms) is covered by the sample before it (sample-and-hold). Default 1.5 × `intervalMs`. */
  readonly maxHoldMs?: number
}

/** What the resampler reads of a gated sample (the columnar summary passes one reused object of this shape). */
export type ResamplerInput = Pick<GatedSample, 'timeMs' | 'spo2' | 'rejected'>

/** @internal */
export function createResampler(hold?: ResampleSecondsOptions): Detector<ResamplerInput, Spo2Second> {
  const intervalMs = hold?.intervalMs ?? 0
  const maxHoldMs = hold?.maxHoldMs ?? MAX_HOLD_FACTOR * intervalMs
  let lastSampleMs = Number.NaN
  let bin: number | null = null
  // Accepted readings of the current second; grows (doubling) only for sources faster than its size.
  let values = new Float64Array(16)
  let count = 0
  const median = (): number => {
    if (count === 1) return values[0]!
    const sorted = values.subarray(0, count).sort()
    const m = count >> 1
    return count % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2
  }
  // Emits the current second, then (holding) the seconds up to `untilMs` (exclusive) with its value.
  const close = (emit: (s: Spo2Second) => void, untilMs: number): void => {
    if (bin === null) return
    const spo2 = count > 0 ? median() : null
    emit({ timeMs: bin, spo2 })
    count = 0
    for (let k = bin + 1000; k < untilMs; k += 1000) emit({ timeMs: k, spo2 })
  }
  return {
    push(g, emit) {
      if (g.rejected === 'time-not-increasing') return
      const b = Math.floor(g.timeMs / 1000) * 1000
      if (b !== bin) {
        // The previous sample covers the step when it is the device's own pace, else its nominal interval.
        const coveredMs = g.timeMs - lastSampleMs <= maxHoldMs ? g.timeMs : lastSampleMs + intervalMs
        close(emit, Math.min(b, coveredMs))
        bin = b
      }
      lastSampleMs = g.timeMs
      if (g.spo2 === null) return
      if (count === values.length) {
        const grown = new Float64Array(count * 2)
        grown.set(values)
        values = grown
      }
      values[count++] = g.spo2
    },
    finish: (emit) => close(emit, lastSampleMs + intervalMs),
  }
}

/**
 * Resamples gated samples onto an explicit 1 Hz grid: each whole second (`floor(timeMs / 1000)`)
 * becomes one {@link Spo2Second} whose value is the **median** of the accepted readings in it (the
 * per-second median pobm's `resamp_spo2` uses), or `null` when it had samples but none was accepted.
 * Seconds with no sample at all are not emitted: they stay gaps. A 1 Hz source passes through
 * unchanged. A second is emitted when the first sample of a later second arrives (or at completion).
 *
 * @category quality
 */
export function resampleSeconds(): OperatorFunction<GatedSample, Spo2Second> {
  return detectorOperator(() => createResampler())
}

/**
 * The batch form of {@link resampleSeconds}. With `hold`, each sample covers its interval: every
 * second from it up to the next sample's second (when the step is at most `maxHoldMs`) or to the end
 * of its nominal interval (after a gap, and for the last sample) takes its value, so a 4 s device's
 * night becomes a 1 Hz series of the same duration, and every figure computed from it is a real
 * duration. A 1 Hz record passes through unchanged.
 *
 * @category quality
 */
export function toSeconds(gated: Iterable<GatedSample>, hold?: ResampleSecondsOptions): Spo2Second[] {
  return runDetector(() => createResampler(hold), gated)
}
