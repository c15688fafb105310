import type { ClockSource, DeviceInfo, OximetrySample } from '@openward/core'

import { encodeContecV7 } from '../protocols/contec/contec-v7-encode.js'
import { deviceProfile } from '../device-registry.js'
import { encodePlxContinuous } from '../protocols/plx/plx-continuous.js'
import { type MedicalFloat, medicalFloat, NO_VALUE } from '../protocols/plx/sfloat.js'
import { encodeChunkLine, encodeRecordingHeader } from './encode-recording.js'
import { SERIAL_CHANNEL } from './raw-chunk.js'
import { encodeRecordingEnd } from './recording-end.js'

/** The device protocols samples can be re-encoded as. @category recording */
export type DeviceRecordingProtocol = 'plx-continuous' | 'contec-v7'

/** Options of {@link deviceRecordingFromSamples}. @category recording */
export interface DeviceRecordingOptions {
  readonly protocol: DeviceRecordingProtocol
  readonly device: DeviceInfo
  /** The recording's clock (default `recording`: the times come from a file, not a live receiver). */
  readonly clock?: ClockSource
}

// Contec V7 "no value" codes (Contec communication protocol V7.0, real-time packet 0x01).
const CONTEC_NO_SPO2 = 127
const CONTEC_NO_PULSE = 255

/**
 * Writes samples (from a study CSV, an export, a simulation) as the raw recording (`.owrec` text) the
 * device would have produced, one frame per sample at the sample's time, so replaying it runs the real
 * framer and decoder exactly as a live device would:
 * - `plx-continuous`: one PLX Continuous Measurement notification (Bluetooth SIG PLXS 1.0.1 §3.2,
 *   SpO2PR-Normal as two SFLOATs; a missing value is the SFLOAT NaN) on the 0x2A5F channel;
 * - `contec-v7`: one Contec V7 real-time packet on the serial line; a missing value is the device's
 *   127 (SpO2) or 255 (PR) code, which the decoder turns back into `null`; a sample with neither value
 *   also sets the probe-error bit (`fingerOut`).
 *
 * Values are rounded to what the protocol carries (PLX: one decimal; Contec: whole numbers).
 *
 * @category recording
 */
export function deviceRecordingFromSamples(
  samples: readonly OximetrySample[],
  options: DeviceRecordingOptions,
): string {
  const startTimeMs = samples[0]?.timeMs ?? 0
  const plx = options.protocol === 'plx-continuous'
  const channel = plx ? (deviceProfile('plx-continuous').gatt?.subscribe[0]?.uuid ?? '2a5f') : SERIAL_CHANNEL
  let text = encodeRecordingHeader({
    protocol: options.protocol,
    clock: options.clock ?? 'recording',
    startTimeMs,
    device: options.device,
    transport: plx ? 'web-bluetooth' : 'node-serial',
  })
  for (const s of samples) {
    const bytes = plx ? plxFrame(s) : contecFrame(s)
    text += encodeChunkLine({ timeMs: s.timeMs, direction: 'rx', channel, bytes }, startTimeMs)
  }
  return text + encodeRecordingEnd(samples.length)
}

const sfloat = (v: number | null): MedicalFloat =>
  v === null ? NO_VALUE.nan : Number.isInteger(v) ? medicalFloat(v, 0) : medicalFloat(Math.round(v * 10), -1)

function plxFrame(s: OximetrySample): Uint8Array {
  return encodePlxContinuous({
    _tag: 'PlxContinuous',
    normal: { spo2: sfloat(s.spo2), pulseRate: sfloat(s.pulseRate) },
    reservedFlags: 0,
    trailingBytes: 0,
  })
}

function contecFrame(s: OximetrySample): Uint8Array {
  // Only a sample with neither value looks like a probe off the finger; one missing value is just
  // that value's code.
  const missing = s.spo2 === null && s.pulseRate === null
  return encodeContecV7({
    _tag: 'ContecV7RealTime',
    signalStrength: missing ? 0 : 5,
    searchingTooLong: false,
    lowSpo2: false,
    pulseBeep: false,
    probeError: missing,
    pleth: 64,
    searchingPulse: false,
    barGraph: 3,
    piInvalid: s.perfusionIndex === null || s.perfusionIndex === undefined,
    reservedBits: 0,
    pulseRate: s.pulseRate === null ? CONTEC_NO_PULSE : Math.round(s.pulseRate),
    spo2: s.spo2 === null ? CONTEC_NO_SPO2 : Math.round(s.spo2),
    perfusionIndexRaw: Math.round((s.perfusionIndex ?? 0) * 100),
  })
}
