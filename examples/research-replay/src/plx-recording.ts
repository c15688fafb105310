import type { DeviceInfo, OximetrySample } from '@openward/core'
import {
  deviceProfile,
  encodeChunkLine,
  encodePlxContinuous,
  encodeRecordingHeader,
  type MedicalFloat,
  medicalFloat,
} from '@openward/oximeter'

/** IEEE 11073-20601 SFLOAT "NaN" (0x07FF): the PLX way of saying "no value". */
const NO_VALUE = { _tag: 'NoValue', reason: 'nan' } as MedicalFloat

/** The PLX Continuous Measurement characteristic (0x2A5F), as the registry names it. */
export const PLX_CONTINUOUS_UUID = deviceProfile('plx-continuous').gatt!.subscribe[0]!.uuid

const sfloat = (v: number | null): MedicalFloat => {
  if (v === null) return NO_VALUE
  // One decimal at most (SpO2 97.5 % is sent as 975 × 10⁻¹), else a whole number.
  return Number.isInteger(v) ? medicalFloat(v, 0) : medicalFloat(Math.round(v * 10), -1)
}

/**
 * Writes samples as the Openward recording (`.owrec`) a Web Bluetooth session with a PLX oximeter
 * would have produced: one PLX Continuous Measurement notification (Bluetooth SIG PLXS 1.0 §3.1,
 * SpO2PR-Normal as two SFLOATs) per sample, on the 0x2A5F channel, at the sample's time. The clock
 * is `recording`: these times come from the study file, not from a live receiver.
 */
export function plxRecording(samples: readonly OximetrySample[], device: DeviceInfo): string {
  const startTimeMs = samples[0]?.timeMs ?? 0
  let text = encodeRecordingHeader({
    protocol: 'plx-continuous',
    clock: 'recording',
    startTimeMs,
    device,
    transport: 'web-bluetooth',
  })
  for (const s of samples) {
    const bytes = encodePlxContinuous({
      _tag: 'PlxContinuous',
      normal: { spo2: sfloat(s.spo2), pulseRate: sfloat(s.pulseRate) },
      reservedFlags: 0,
      trailingBytes: 0,
    })
    text += encodeChunkLine({ timeMs: s.timeMs, direction: 'rx', channel: PLX_CONTINUOUS_UUID, bytes }, startTimeMs)
  }
  return text
}
