import type { OximetrySample } from './oximetry-sample.js'
import { SAMPLE_FLAG_NAMES, type SampleFlag } from './sample-flags.js'

/**
 * A recording as columns of typed arrays, for batch work: a few bytes per sample instead of one object
 * per row (8 B time + 4 B SpO2 + 4 B pulse + 1 B flags = 17 B). Row `i` of every column is one sample.
 *
 * - `timeMs`: ms since the epoch (as `OximetrySample.timeMs`), non-decreasing.
 * - `spo2` (%), `pulseRate` (/min): `NaN` where the sample has no value (`null` in `OximetrySample`).
 * - `flags`: one bit per flag, bit `i` = `SAMPLE_FLAG_NAMES[i]` (see {@link SAMPLE_FLAG_BIT}); the same layout
 *   as `@openward/oximeter`'s `OximetryBatch.flags`.
 *
 * @category model
 */
export interface SampleColumns {
  readonly length: number
  readonly timeMs: Float64Array
  readonly spo2: Float32Array
  readonly pulseRate: Float32Array
  readonly flags: Uint8Array
}

/** The bit of each flag in {@link SampleColumns.flags}. @category constants */
export const SAMPLE_FLAG_BIT: Readonly<Record<SampleFlag, number>> = Object.freeze(
  Object.fromEntries(SAMPLE_FLAG_NAMES.map((name, i) => [name, 1 << i])) as Record<SampleFlag, number>,
)

/** Bits of the flags that make a reading unusable (as `hasUnusableFlag`). @category constants */
export const UNUSABLE_FLAG_BITS: number =
  SAMPLE_FLAG_BIT.fingerOut | SAMPLE_FLAG_BIT.searching | SAMPLE_FLAG_BIT.sensorDisconnected

/**
 * Empty columns of `length` rows (values `NaN`, no flags), to be filled by an importer.
 *
 * @category constructors
 */
export function allocateSampleColumns(length: number): SampleColumns {
  const spo2 = new Float32Array(length).fill(Number.NaN)
  const pulseRate = new Float32Array(length).fill(Number.NaN)
  return { length, timeMs: new Float64Array(length), spo2, pulseRate, flags: new Uint8Array(length) }
}

/**
 * Columns from sample objects (null → `NaN`, flags → bits). SpO2 and pulse rate are stored as 32-bit
 * floats: exact for the whole and tenth-percent values oximeters report to within 1e-6.
 *
 * @example
 * const columns = toSampleColumns(samples)
 * columns.spo2[0] // 97
 * @category constructors
 */
export function toSampleColumns(samples: readonly OximetrySample[]): SampleColumns {
  const c = allocateSampleColumns(samples.length)
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!
    c.timeMs[i] = s.timeMs
    if (s.spo2 !== null) c.spo2[i] = s.spo2
    if (s.pulseRate !== null) c.pulseRate[i] = s.pulseRate
    let bits = 0
    for (let b = 0; b < SAMPLE_FLAG_NAMES.length; b++) if (s.flags[SAMPLE_FLAG_NAMES[b]!]) bits |= 1 << b
    c.flags[i] = bits
  }
  return c
}
