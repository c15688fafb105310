import { type Implausible, implausibility, type OximetrySample } from '@openward/core'

/**
 * Refuses physiologically impossible values (core's `PlausibleRange`: SpO2 0–100 %, pulse rate
 * 20–300 /min, perfusion index 0–20 %; ISO 80601-2-61:2017 §201.12.1). Every sample a protocol's
 * normaliser returns passes through here (the registry wraps each `toSamples`), so no protocol has
 * to remember it: an out-of-range value is a decoding or device fault, not a reading, so it becomes
 * `null` with the `questionable` flag, never a number, and each refusal is reported as a typed
 * `Implausible` to `report` (the chunk decoder puts them on the stream's diagnostics, `decodeBatch`
 * counts them).
 *
 * Returns `samples` itself when every value is plausible (the usual case: no copy).
 */
export function refuseImplausible(samples: OximetrySample[], report?: (reason: Implausible) => void): OximetrySample[]
export function refuseImplausible(
  samples: readonly OximetrySample[],
  report?: (reason: Implausible) => void,
): readonly OximetrySample[]
export function refuseImplausible(
  samples: readonly OximetrySample[],
  report?: (reason: Implausible) => void,
): readonly OximetrySample[] {
  let out: OximetrySample[] | undefined
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] as OximetrySample
    const checked = refuseInSample(sample, report)
    if (checked === sample) continue
    out ??= samples.slice()
    out[i] = checked
  }
  return out ?? samples
}

function refuseInSample(s: OximetrySample, report: ((reason: Implausible) => void) | undefined): OximetrySample {
  const spo2 = s.spo2 === null ? undefined : implausibility('spo2', s.spo2)
  const pulseRate = s.pulseRate === null ? undefined : implausibility('pulseRate', s.pulseRate)
  const pi =
    s.perfusionIndex === undefined || s.perfusionIndex === null
      ? undefined
      : implausibility('perfusionIndex', s.perfusionIndex)
  if (spo2 === undefined && pulseRate === undefined && pi === undefined) return s
  const refused: { -readonly [K in keyof OximetrySample]: OximetrySample[K] } = {
    ...s,
    flags: { ...s.flags, questionable: true },
  }
  if (spo2 !== undefined) {
    refused.spo2 = null
    report?.(spo2)
  }
  if (pulseRate !== undefined) {
    refused.pulseRate = null
    report?.(pulseRate)
  }
  if (pi !== undefined) {
    refused.perfusionIndex = null
    report?.(pi)
  }
  return refused
}
