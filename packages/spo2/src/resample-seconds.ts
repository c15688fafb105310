import type { OperatorFunction } from 'rxjs'

import { type Detector, detectorOperator, runDetector } from './internal/detector.js'
import type { GatedSample } from './quality-gate.js'
import type { Spo2Second } from './spo2-second.js'

/** @internal */
export function createResampler(): Detector<GatedSample, Spo2Second> {
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
  const close = (emit: (s: Spo2Second) => void): void => {
    if (bin === null) return
    emit({ timeMs: bin, spo2: count > 0 ? median() : null })
    count = 0
  }
  return {
    push(g, emit) {
      if (g.rejected === 'time-not-increasing') return
      const b = Math.floor(g.timeMs / 1000) * 1000
      if (b !== bin) {
        close(emit)
        bin = b
      }
      if (g.spo2 === null) return
      if (count === values.length) {
        const grown = new Float64Array(count * 2)
        grown.set(values)
        values = grown
      }
      values[count++] = g.spo2
    },
    finish: close,
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
  return detectorOperator(createResampler)
}

/** The batch form of {@link resampleSeconds}. @category quality */
export function toSeconds(gated: Iterable<GatedSample>): Spo2Second[] {
  return runDetector(createResampler, gated)
}
