import type { OximetrySample } from '@openward/core'

import {
  type OximetrySummary,
  type OximetrySummaryOptions,
  summarizePobm,
  summarizeSeconds,
} from './oximetry-summary.js'
import { gateSamples, type QualityGateOptions } from './quality-gate.js'
import { toSeconds } from './resample-seconds.js'
import { detectSamplingInterval } from './sampling-interval.js'
import { checkAnalyzeRecordingOptions, optionsOrThrow } from './detector-options.js'

/** Options of {@link analyzeRecording}. @category summary */
export interface AnalyzeRecordingOptions extends OximetrySummaryOptions {
  /** Clinical profile only: the quality gate's options. */
  readonly gate?: QualityGateOptions
  /**
   * A step up to this long (ms) is covered by the sample before it; longer is a gap. Default
   * 1.5 × the detected sampling interval (`MAX_HOLD_FACTOR`).
   */
  readonly maxHoldMs?: number
}

/** A detected interval within this of 1 s is "1 Hz": pobm's rows are then used as pobm reads them. */
const ONE_HZ_TOLERANCE_MS = 50

/**
 * Summarises a recording of samples, at any sampling interval. The interval is detected (median of the
 * positive steps, reported as `samplingIntervalMs`) and each sample covers its interval: a 2 s or 4 s
 * device's night is held onto a 1 s grid (a step longer than `maxHoldMs` is a gap), so every figure is
 * computed from real durations and coverage counts the time each sample covers.
 *
 * - `clinical` (default): quality gate → 1 Hz grid (median of the accepted readings within a second,
 *   sample-and-hold across slower steps) → {@link summarizeSeconds}. Event times are sample times.
 * - `pobm`: a 1 Hz recording (interval 1 s ± 50 ms) is read as pobm reads a file (one row = one
 *   second, null → NaN), exactly as before; any other interval is first held onto the same 1 s grid
 *   (no quality gate; gaps become NaN seconds, which pobm counts in N), then {@link summarizePobm}.
 *
 * Not enough data gives `null` figures and `insufficient` (see `OximetrySummaryOptions.minValidS`,
 * `minCoverage`, `maxDesaturationIntervalMs`), never zeros.
 *
 * @example
 * const s = analyzeRecording(samples)
 * if (s.insufficient !== null) console.warn(s.insufficient.message)
 * else console.log(s.samplingIntervalMs, s.odi3, s.ct90)
 * @category summary
 */
export function analyzeRecording(
  samples: readonly OximetrySample[],
  options: AnalyzeRecordingOptions = {},
): OximetrySummary {
  optionsOrThrow(checkAnalyzeRecordingOptions(options))
  const intervalMs = detectSamplingInterval(samples.map((s) => s.timeMs))
  const withInterval = { ...options, samplingIntervalMs: intervalMs ?? 1000 }
  const hold = {
    intervalMs: intervalMs ?? 1000,
    ...(options.maxHoldMs === undefined ? {} : { maxHoldMs: options.maxHoldMs }),
  }
  if (options.profile === 'pobm') {
    if (intervalMs === null || Math.abs(intervalMs - 1000) <= ONE_HZ_TOLERANCE_MS) {
      return summarizePobm(
        samples.map((s) => s.spo2),
        samples.find((s) => Number.isFinite(s.timeMs))?.timeMs ?? 0,
        withInterval,
      )
    }
    // No gate in pobm; only times that go forward are kept (the grid needs them in order).
    let lastMs = Number.NEGATIVE_INFINITY
    const passThrough = samples
      .filter((s) => (s.timeMs > lastMs && Number.isFinite(s.timeMs) ? ((lastMs = s.timeMs), true) : false))
      .map((s) => ({ timeMs: s.timeMs, spo2: s.spo2, rejected: null, sample: s }))
    const seconds = toSeconds(passThrough, hold)
    const startMs = seconds[0]?.timeMs ?? 0
    // A dense 1 Hz array: the seconds of a gap are NaN, which pobm keeps in N (as pobm reads a file with gaps).
    const values = new Float64Array(
      seconds.length === 0 ? 0 : (seconds[seconds.length - 1]!.timeMs - startMs) / 1000 + 1,
    )
    values.fill(Number.NaN)
    for (const s of seconds) values[(s.timeMs - startMs) / 1000] = s.spo2 ?? Number.NaN
    return summarizePobm(values, startMs, withInterval)
  }
  return summarizeSeconds(toSeconds(gateSamples(samples, options.gate), hold), withInterval)
}
