import { type OximetrySample, type SampleFlag, sampleFlags } from '@openward/core'

import type { NormaliseContext } from '../../decode/device-profile.js'
import { buildSample } from '../../internal/build-sample.js'
import type { PlxContinuous, PlxSpo2Pr } from './plx-continuous.js'
import type { PlxSpotCheck } from './plx-spot-check.js'
import type { PlxDeviceAndSensorStatus, PlxMeasurementStatus } from './plx-status.js'
import { type MedicalFloat, medicalFloatValue } from './sfloat.js'

/**
 * PLX status → sample flags. Measurement Status bits 13–15 (unavailable, questionable, invalid)
 * and 10–11 (demonstration / test data, which must never reach a clinical record) make the
 * values `null`: the spec says they must not be used whatever numbers they hold (spec note
 * §2.5, §2.10). Device & Sensor Status bits 1, 11, 13, 14, 15 map to unusable flags.
 */
function statusFlags(ms: PlxMeasurementStatus | undefined, dss: PlxDeviceAndSensorStatus | undefined) {
  const set: Partial<Record<SampleFlag, boolean>> = {}
  let unusable = false
  if (ms) {
    if (ms.measurementUnavailable || ms.calibrationOngoing) set.searching = true
    if (ms.questionableMeasurementDetected || ms.invalidMeasurementDetected) set.questionable = true
    if (ms.dataForDemonstration || ms.dataForTesting) set.questionable = true
    unusable =
      ms.measurementUnavailable ||
      ms.questionableMeasurementDetected ||
      ms.invalidMeasurementDetected ||
      ms.dataForDemonstration ||
      ms.dataForTesting
  }
  if (dss) {
    if (dss.sensorUnconnectedToUser || dss.sensorDisplaced) set.fingerOut = true
    if (
      dss.equipmentMalfunctionDetected ||
      dss.sensorMalfunctioning ||
      dss.sensorDisconnected ||
      dss.unknownSensorConnected
    )
      set.sensorDisconnected = true
    if (dss.lowPerfusionDetected) set.lowPerfusion = true
    if (dss.signalAnalysisOngoing) set.searching = true
    if (
      dss.signalProcessingIrregularityDetected ||
      dss.inadequateSignalDetected ||
      dss.poorSignalDetected ||
      dss.erraticSignalDetected ||
      dss.nonpulsatileSignalDetected ||
      dss.questionablePulseDetected ||
      dss.sensorInterferenceDetected
    )
      set.questionable = true
  }
  return { unusable, flags: sampleFlags(set) }
}

/** ±INF is "out of range", not a value: null, and marked questionable. */
function valueOf(f: MedicalFloat, unusable: boolean): number | null {
  return unusable ? null : medicalFloatValue(f)
}
const isInfinite = (f: MedicalFloat) =>
  f._tag === 'NoValue' && (f.reason === 'positive-infinity' || f.reason === 'negative-infinity')

function pairSample(
  context: NormaliseContext,
  protocol: 'plx-continuous' | 'plx-spot-check',
  pair: PlxSpo2Pr,
  pai: MedicalFloat | undefined,
  status: ReturnType<typeof statusFlags>,
  mode: 'normal' | 'fast' | 'slow',
): OximetrySample {
  const flags =
    isInfinite(pair.spo2) || isInfinite(pair.pulseRate)
      ? sampleFlags({ ...status.flags, questionable: true })
      : status.flags
  return buildSample(context, protocol, {
    spo2: valueOf(pair.spo2, status.unusable),
    pulseRate: valueOf(pair.pulseRate, status.unusable),
    flags,
    ...(pai !== undefined ? { perfusionIndex: medicalFloatValue(pai) } : {}),
    averaging: { mode },
  })
}

/**
 * Continuous → samples: Normal, then Fast and Slow when present, each with its averaging mode
 * in the provenance (filter on `provenance.averaging.mode` to keep one stream).
 *
 * @category plx
 */
export function plxContinuousToSamples(r: PlxContinuous, context: NormaliseContext): OximetrySample[] {
  const status = statusFlags(r.measurementStatus, r.deviceAndSensorStatus)
  const pai = r.pulseAmplitudeIndex
  const out = [pairSample(context, 'plx-continuous', r.normal, pai, status, 'normal')]
  if (r.fast) out.push(pairSample(context, 'plx-continuous', r.fast, pai, status, 'fast'))
  if (r.slow) out.push(pairSample(context, 'plx-continuous', r.slow, pai, status, 'slow'))
  return out
}

/**
 * Spot-check → one sample at the context's time. The device timestamp is local time of
 * unknown zone (and untrusted when `deviceClockNotSet`), so it stays in the record only.
 *
 * @category plx
 */
export function plxSpotCheckToSamples(r: PlxSpotCheck, context: NormaliseContext): OximetrySample[] {
  const status = statusFlags(r.measurementStatus, r.deviceAndSensorStatus)
  return [pairSample(context, 'plx-spot-check', r, r.pulseAmplitudeIndex, status, 'normal')]
}
