import type { OximetrySample } from '@openward/core'

import {
  type OximetrySummary,
  type OximetrySummaryOptions,
  summarizePobm,
  summarizeSeconds,
} from './oximetry-summary.js'
import { gateSamples, type QualityGateOptions } from './quality-gate.js'
import { toSeconds } from './resample-seconds.js'

/** Options of {@link analyzeRecording}. @category summary */
export interface AnalyzeRecordingOptions extends OximetrySummaryOptions {
  /** Clinical profile only: the quality gate's options. */
  readonly gate?: QualityGateOptions
}

/**
 * Summarises a recording of samples.
 *
 * - `clinical` (default): quality gate → explicit 1 Hz resampling → {@link summarizeSeconds}. Times
 *   in the events are the samples' times.
 * - `pobm`: the samples' SpO2 in order, as pobm reads a file (one row = one second; null → NaN), then
 *   {@link summarizePobm}. pobm assumes 1 Hz: on other rates its per-hour figures are meaningless.
 *
 * An empty recording gives a summary with zero counts, `null` nadir/mean and coverage 0.
 *
 * @category summary
 */
export function analyzeRecording(
  samples: readonly OximetrySample[],
  options: AnalyzeRecordingOptions = {},
): OximetrySummary {
  if (options.profile === 'pobm') {
    return summarizePobm(
      samples.map((s) => s.spo2),
      samples[0]?.timeMs ?? 0,
    )
  }
  return summarizeSeconds(toSeconds(gateSamples(samples, options.gate)), options)
}
