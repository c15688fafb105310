import { type TaggedError, taggedError } from '@openward/core'

/**
 * Why a summary's figures are `null`:
 * - `no-samples`: nothing to analyse;
 * - `no-valid-spo2`: samples, but not one valid SpO2 (finger out all night, a device sending "no value");
 * - `too-little-valid-time`: less valid time than `minValidS`;
 * - `low-coverage`: valid time below `minCoverage` of the recorded time;
 * - `interval-too-long`: the device samples too slowly to see a desaturation (only the desaturation
 *   figures are null: CT90, nadir and mean are still time-weighted figures of what was recorded).
 *
 * @category summary
 */
export type InsufficientReason =
  'no-samples' | 'no-valid-spo2' | 'too-little-valid-time' | 'low-coverage' | 'interval-too-long'

/**
 * A summary's figures could not be computed honestly: they are `null`, never 0, and this says why.
 * `affects: 'all'` nulls every figure (ODI, CT, T90, desaturation area, nadir, mean);
 * `'desaturations'` nulls ODI and desaturation area only. `dataQuality` is always filled in.
 *
 * @category summary
 */
export interface InsufficientData extends TaggedError<'InsufficientData'> {
  readonly reason: InsufficientReason
  readonly affects: 'all' | 'desaturations'
  readonly validSeconds: number
  readonly coverage: number
  readonly samplingIntervalMs: number | null
}

/** @internal */
export function insufficientData(
  reason: InsufficientReason,
  message: string,
  detail: Omit<InsufficientData, '_tag' | 'message' | 'reason' | 'affects'>,
): InsufficientData {
  return taggedError('InsufficientData', message, {
    ...detail,
    reason,
    affects: reason === 'interval-too-long' ? ('desaturations' as const) : ('all' as const),
  })
}
