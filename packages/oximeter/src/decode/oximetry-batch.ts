import {
  type DecodeError,
  type OximetrySample,
  PlausibleRange,
  SAMPLE_FLAG_NAMES,
  type SampleFlags,
} from '@openward/core'

import type { ProtocolId } from '../protocol-id.js'

/**
 * A whole buffer decoded into typed arrays (struct of arrays), one entry per sample, for
 * research use: no per-record objects on the fast paths. `NaN` means "no value" (the `null` of
 * {@link OximetrySample}); `flags` packs the sample flags as bits in `SAMPLE_FLAG_NAMES` order
 * (bit 0 = fingerOut, bit 1 = searching, ...). `pleth` holds the first pleth point of each
 * sample (`NaN` if none).
 *
 * @category batch
 */
export interface OximetryBatch<P extends string = ProtocolId> {
  readonly protocol: P
  readonly length: number
  readonly spo2: Float32Array
  readonly pulseRate: Float32Array
  readonly perfusionIndex: Float32Array
  readonly pleth: Float32Array
  readonly flags: Uint8Array
  readonly bytesDiscarded: number
  readonly checksumFailures: number
  /** Bytes at the end that do not make a whole frame. */
  readonly trailingBytes: number
  readonly errors: readonly DecodeError[]
  /**
   * Values refused as physiologically impossible (core's `PlausibleRange`): each is `NaN` in its
   * column and the sample has the `questionable` bit, exactly as the per-record path gives.
   */
  readonly implausibleValues: number
}

/** Bit of each flag in {@link OximetryBatch.flags}. */
export const FLAG_BIT: Readonly<Record<keyof SampleFlags, number>> = /* @__PURE__ */ Object.freeze(
  Object.fromEntries(SAMPLE_FLAG_NAMES.map((name, i) => [name, 1 << i])) as Record<keyof SampleFlags, number>,
)

/**
 * Core's `PlausibleRange` as plain numbers for the batch fast paths, which refuse impossible values
 * inline (NaN + the questionable bit) exactly as `refuseImplausible` does on the per-record path.
 */
export const SPO2_MAX = PlausibleRange.spo2.max
export const SPO2_MIN = PlausibleRange.spo2.min
export const PULSE_MIN = PlausibleRange.pulseRate.min
export const PULSE_MAX = PlausibleRange.pulseRate.max
export const PI_MIN = PlausibleRange.perfusionIndex.min
export const PI_MAX = PlausibleRange.perfusionIndex.max

/** Packs sample flags into bits (SAMPLE_FLAG_NAMES order). @category batch */
export function packFlags(flags: SampleFlags): number {
  let bits = 0
  for (let i = 0; i < SAMPLE_FLAG_NAMES.length; i++)
    if (flags[SAMPLE_FLAG_NAMES[i] as keyof SampleFlags]) bits |= 1 << i
  return bits
}

/** The growing columns a batch decoder writes into. */
export interface Columns {
  spo2: Float32Array
  pulseRate: Float32Array
  perfusionIndex: Float32Array
  pleth: Float32Array
  flags: Uint8Array
}

/**
 * Columns for `n` samples. The perfusion-index column starts as NaN ("no value") for decoders that
 * never write it; `piWritten` skips that pass for one that writes every sample's value itself.
 */
export const columns = (n: number, piWritten = false): Columns => ({
  spo2: new Float32Array(n),
  pulseRate: new Float32Array(n),
  perfusionIndex: piWritten ? new Float32Array(n) : new Float32Array(n).fill(NaN),
  pleth: new Float32Array(n),
  flags: new Uint8Array(n),
})

export const trimColumns = (c: Columns, n: number): Columns => ({
  spo2: c.spo2.subarray(0, n),
  pulseRate: c.pulseRate.subarray(0, n),
  perfusionIndex: c.perfusionIndex.subarray(0, n),
  pleth: c.pleth.subarray(0, n),
  flags: c.flags.subarray(0, n),
})

/** Twice the capacity, same contents. */
export function growColumns(c: Columns): Columns {
  const n = c.spo2.length * 2
  const next = columns(n)
  next.spo2.set(c.spo2)
  next.pulseRate.set(c.pulseRate)
  next.perfusionIndex.set(c.perfusionIndex)
  next.pleth.set(c.pleth)
  next.flags.set(c.flags)
  return next
}

/** Writes one normalised sample at `at` (the caller has made room). */
export function writeSample(c: Columns, at: number, s: OximetrySample): void {
  c.spo2[at] = s.spo2 ?? NaN
  c.pulseRate[at] = s.pulseRate ?? NaN
  c.perfusionIndex[at] = s.perfusionIndex ?? NaN
  c.pleth[at] = s.pleth?.[0] ?? NaN
  c.flags[at] = packFlags(s.flags)
}
