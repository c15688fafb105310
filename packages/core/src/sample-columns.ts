import type { OximetrySample } from './oximetry-sample.js'
import { SAMPLE_FLAG_NAMES, type SampleFlag } from './sample-flags.js'

/**
 * A recording as columns of typed arrays, for batch work: a few bytes per sample instead of one object
 * per row (8 B time + 4 B SpO2 + 4 B pulse + 1 B flags = 17 B). Row `i` of every column is one sample.
 * SpO2 and pulse rate are 32-bit floats when every value is one exactly (whole numbers, halves: what
 * oximeters report), else 64-bit (21 or 25 B per row), so the columns always hold the samples' values
 * exactly and a summary of them equals the summary of the samples.
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
  readonly spo2: Float32Array | Float64Array
  readonly pulseRate: Float32Array | Float64Array
  readonly flags: Uint8Array
}

/** The bit of each flag in {@link SampleColumns.flags}. @category constants */
export const SAMPLE_FLAG_BIT: Readonly<Record<SampleFlag, number>> = /* @__PURE__ */ Object.freeze(
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

/** True when every value is exactly a 32-bit float (or no value), so a `Float32Array` holds them as they are. */
function float32Exact(samples: readonly OximetrySample[], pick: (s: OximetrySample) => number | null): boolean {
  for (const s of samples) {
    const v = pick(s)
    if (v !== null && Math.fround(v) !== v) return false
  }
  return true
}

/**
 * Columns from sample objects (null → `NaN`, flags → bits). SpO2 and pulse rate are stored as 32-bit
 * floats when that is exact for every value (whole numbers, halves), else as 64-bit floats.
 *
 * @example
 * const columns = toSampleColumns(samples)
 * columns.spo2[0] // 97
 * @category constructors
 */
export function toSampleColumns(samples: readonly OximetrySample[]): SampleColumns {
  const n = samples.length
  const wide = (pick: (s: OximetrySample) => number | null) =>
    float32Exact(samples, pick) ? new Float32Array(n).fill(Number.NaN) : new Float64Array(n).fill(Number.NaN)
  const c = {
    length: n,
    timeMs: new Float64Array(n),
    spo2: wide((s) => s.spo2),
    pulseRate: wide((s) => s.pulseRate),
    flags: new Uint8Array(n),
  }
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
