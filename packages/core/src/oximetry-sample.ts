import * as t from 'io-ts'

import { ClockSource, Provenance } from './provenance.js'
import { NO_FLAGS, SampleFlags } from './sample-flags.js'

const NullableNumber = /* @__PURE__ */ t.union([t.number, t.null])

/**
 * One pulse-oximetry reading: the type every part of Openward meets at.
 *
 * - `timeMs`: milliseconds since the Unix epoch, on the clock named by `clock`.
 * - `spo2` (%) and `pulseRate` (beats/min) are `null` when the device said "no value"
 *   (a sentinel such as 127 or 0x7FF, an SFLOAT NaN/NRes, finger out). Validity is never folded
 *   into the number: a sentinel never reaches an average.
 * - `perfusionIndex` (%) and `pleth` (the device's waveform samples, in device units, oldest
 *   first) only where the device sends them.
 * - `flags`: what the device said about the reading.
 * - `provenance`: protocol, device and averaging.
 *
 * @category model
 */
export const OximetrySample = /* @__PURE__ */ t.readonly(
  t.intersection([
    t.type({
      timeMs: t.number,
      clock: ClockSource,
      spo2: NullableNumber,
      pulseRate: NullableNumber,
      flags: SampleFlags,
      provenance: Provenance,
    }),
    t.partial({
      perfusionIndex: NullableNumber,
      pleth: t.readonlyArray(t.number),
    }),
  ]),
  'OximetrySample',
)
/** @category model */
export type OximetrySample = t.TypeOf<typeof OximetrySample>

/** The fields a caller must give to {@link makeSample}; flags default to none. @category model */
export type SampleInit = Omit<OximetrySample, 'flags'> & { readonly flags?: SampleFlags }

/**
 * Builds a sample, defaulting `flags` to `NO_FLAGS` and normalising non-finite numbers
 * (NaN, ±Infinity) to `null`, so an arithmetic slip upstream can never look like a reading.
 *
 * @example
 * makeSample({ timeMs: 0, clock: 'host', spo2: 97, pulseRate: 64, provenance: { protocol: 'plx-continuous' } })
 * @category constructors
 */
export function makeSample(init: SampleInit): OximetrySample {
  const sample: { -readonly [K in keyof OximetrySample]: OximetrySample[K] } = {
    timeMs: init.timeMs,
    clock: init.clock,
    spo2: finiteOrNull(init.spo2),
    pulseRate: finiteOrNull(init.pulseRate),
    flags: init.flags ?? NO_FLAGS,
    provenance: init.provenance,
  }
  if (init.perfusionIndex !== undefined) sample.perfusionIndex = finiteOrNull(init.perfusionIndex)
  if (init.pleth !== undefined) sample.pleth = init.pleth
  return sample
}

function finiteOrNull(n: number | null): number | null {
  return n !== null && Number.isFinite(n) ? n : null
}

/** True when the sample carries an SpO2 value (not `null`). @category refinements */
export const hasSpo2 = (s: OximetrySample): s is OximetrySample & { readonly spo2: number } => s.spo2 !== null

/** True when the sample carries a pulse-rate value (not `null`). @category refinements */
export const hasPulseRate = (s: OximetrySample): s is OximetrySample & { readonly pulseRate: number } =>
  s.pulseRate !== null
