import { isPlausible, type OximetrySample } from '@openward/core'

import { type Figure, known, noData } from './figure.js'

/** Pulse-rate statistics over a set of samples (beats/min). */
export interface PulseRateStats {
  readonly mean: Figure
  readonly min: Figure
  readonly max: Figure
  /** Samples with a plausible pulse rate (core `PlausibleRange.pulseRate`). */
  readonly readings: number
}

/**
 * Mean, minimum and maximum pulse rate of the samples that carry a plausible one. The mean is per
 * reading: at a regular sampling interval that is the time-weighted mean. A set with no reading
 * gives `no data`, never 0.
 */
export function pulseRateStats(samples: readonly OximetrySample[]): PulseRateStats {
  let n = 0
  let sum = 0
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const s of samples) {
    const pr = s.pulseRate
    if (pr === null || !isPlausible('pulseRate', pr)) continue
    n++
    sum += pr
    if (pr < min) min = pr
    if (pr > max) max = pr
  }
  if (n === 0) {
    const none = noData(samples.length === 0 ? 'no samples' : 'no pulse-rate reading')
    return { mean: none, min: none, max: none, readings: 0 }
  }
  return { mean: known(sum / n), min: known(min), max: known(max), readings: n }
}
