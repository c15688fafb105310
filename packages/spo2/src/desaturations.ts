import type { OximetrySample } from '@openward/core'
import type { OperatorFunction } from 'rxjs'

import { type ClinicalDesaturationOptions, clinicalDesaturationDetector } from './clinical-desaturations.js'
import type { DesaturationEvent } from './desaturation-event.js'
import { chainDetectors, type Detector, detectorOperator, runDetector } from './internal/detector.js'
import { validMedian } from './internal/valid-median.js'
import { qualityGateDetector, type QualityGateOptions } from './quality-gate.js'
import { createResampler } from './resample-seconds.js'
import type { Spo2Second } from './spo2-second.js'
import { checkDesaturationOptions, optionsOrThrow } from './detector-options.js'

/** Options of {@link desaturations}. @category desaturation */
export interface DesaturationOptions extends ClinicalDesaturationOptions {
  /** Running median window over valid seconds (1 disables). Default 9. */
  readonly medianWindow?: number
}

function secondsDetector(options: DesaturationOptions): Detector<Spo2Second, DesaturationEvent> {
  optionsOrThrow(checkDesaturationOptions(options))
  return chainDetectors(validMedian(options.medianWindow ?? 9), clinicalDesaturationDetector(options))
}

/**
 * Clinical desaturation events, live, over a 1 Hz series (from {@link resampleSeconds}): the NaN-aware
 * median, then the gap-aware baseline detector (see `ODI_CLINICAL_3PCT_RULE`). Events are emitted when
 * they end, so the latency is the event itself plus the median's half-window. Memory is bounded
 * (median window + baseline window). The same code runs in {@link detectDesaturations} and in
 * `summarizeSeconds`, so streaming and batch agree exactly.
 *
 * The `pobm` profile is batch-only (`summarizePobm`): pobm's zero padding at the record's end and
 * its whole-record denominators make it a property of a finished recording.
 *
 * @category desaturation
 */
export function desaturations(options: DesaturationOptions = {}): OperatorFunction<Spo2Second, DesaturationEvent> {
  optionsOrThrow(checkDesaturationOptions(options))
  return detectorOperator(() => secondsDetector(options))
}

/** The batch form of {@link desaturations}. @category desaturation */
export function detectDesaturations(
  seconds: Iterable<Spo2Second>,
  options: DesaturationOptions = {},
): DesaturationEvent[] {
  return runDetector(() => secondsDetector(options), seconds)
}

/**
 * The full chain from raw samples: quality gate → 1 Hz resampling → {@link desaturations}.
 *
 * @category desaturation
 */
export function sampleDesaturations(
  options: DesaturationOptions & { readonly gate?: QualityGateOptions } = {},
): OperatorFunction<OximetrySample, DesaturationEvent> {
  return detectorOperator(() =>
    chainDetectors(
      chainDetectors(qualityGateDetector(options.gate ?? {}), createResampler()),
      secondsDetector(options),
    ),
  )
}
