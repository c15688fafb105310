import type { OperatorFunction } from 'rxjs'

import { type Detector, detectorOperator, runDetector } from './internal/detector.js'
import type { GatedSample } from './quality-gate.js'
import type { Spo2Second } from './spo2-second.js'

function median(values: number[]): number {
  if (values.length === 1) return values[0]!
  values.sort((a, b) => a - b)
  const m = values.length >> 1
  return values.length % 2 === 1 ? values[m]! : (values[m - 1]! + values[m]!) / 2
}

/** @internal */
export function createResampler(): Detector<GatedSample, Spo2Second> {
  let bin: number | null = null
  const values: number[] = []
  const close = (emit: (s: Spo2Second) => void): void => {
    if (bin === null) return
    emit({ timeMs: bin, spo2: values.length > 0 ? median(values) : null })
    values.length = 0
  }
  return {
    push(g, emit) {
      if (g.rejected === 'time-not-increasing') return
      const b = Math.floor(g.timeMs / 1000) * 1000
      if (b !== bin) {
        close(emit)
        bin = b
      }
      if (g.spo2 !== null) values.push(g.spo2)
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
