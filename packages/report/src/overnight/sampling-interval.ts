import type { OximetrySample } from '@openward/core'

/** The spacing of the samples, as the report states it under data quality. */
export interface SamplingInterval {
  /** Median spacing of consecutive samples (ms); null with fewer than two samples. */
  readonly medianMs: number | null
  readonly minMs: number | null
  readonly maxMs: number | null
  /** True when every spacing is within 10 % of the median (a device's fixed storage interval). */
  readonly regular: boolean
}

/**
 * States the spacing of the samples. Home oximeters store one reading every 1 s, 2 s (Checkme O2
 * Max) or 4 s (O2Ring), and the figures' meaning depends on it, so the report always states it.
 * `medianMs` is the summary's own (`@openward/spo2` detects it: median of the positive steps); this
 * adds the shortest and longest step, so an irregular or gappy recording says so.
 */
export function samplingInterval(samples: readonly OximetrySample[], medianMs: number | null): SamplingInterval {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let i = 1; i < samples.length; i++) {
    const step = samples[i]!.timeMs - samples[i - 1]!.timeMs
    if (!(step > 0)) continue
    if (step < min) min = step
    if (step > max) max = step
  }
  if (medianMs === null || !Number.isFinite(min)) return { medianMs: null, minMs: null, maxMs: null, regular: false }
  const median = medianMs
  return {
    medianMs: median,
    minMs: min,
    maxMs: max,
    regular: median > 0 && Math.abs(min - median) <= median * 0.1 && Math.abs(max - median) <= median * 0.1,
  }
}

/** `every 4 s`, `every 1 s (irregular: 0.5–12 s)`, or `unknown (fewer than two samples)`. */
export function describeSamplingInterval(i: SamplingInterval): string {
  if (i.medianMs === null) return 'unknown (fewer than two samples)'
  const s = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`
  return i.regular || i.minMs === null || i.maxMs === null
    ? `one reading every ${s(i.medianMs)}`
    : `one reading every ${s(i.medianMs)} (median; irregular: ${s(i.minMs)} to ${s(i.maxMs)} between readings)`
}
