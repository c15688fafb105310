import type { DeviceInfo, OximetrySample } from '@openward/core'
import { encodeChunkLine, encodeContecV7, encodeRecordingHeader, SERIAL_CHANNEL } from '@openward/oximeter'

/** Contec V7 "no value" codes (Contec communication protocol V7.0, real-time packet 0x01). */
const NO_SPO2 = 127
const NO_PULSE = 255

/**
 * Turns samples (e.g. a CSV a study published) into the bytes a Contec CMS50-class oximeter would
 * have sent on its serial line, wrapped as an Openward recording (`.owrec`): one real-time frame per
 * sample, received at the sample's time. Replaying it runs the real framer and decoder, exactly as
 * for a device on a serial port. A missing value is sent as the device's 127/255 code with the
 * probe-error bit, which the decoder turns back into `null` + `fingerOut`.
 */
export function contecV7Recording(samples: readonly OximetrySample[], device: DeviceInfo): string {
  const startTimeMs = samples[0]?.timeMs ?? 0
  let text = encodeRecordingHeader({
    protocol: 'contec-v7',
    clock: 'host',
    startTimeMs,
    device,
    transport: 'node-serial',
  })
  for (const s of samples) {
    const missing = s.spo2 === null || s.pulseRate === null
    const bytes = encodeContecV7({
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
      pulseRate: s.pulseRate === null ? NO_PULSE : Math.round(s.pulseRate),
      spo2: s.spo2 === null ? NO_SPO2 : Math.round(s.spo2),
      perfusionIndexRaw: Math.round((s.perfusionIndex ?? 0) * 100),
    })
    text += encodeChunkLine({ timeMs: s.timeMs, direction: 'rx', channel: SERIAL_CHANNEL, bytes }, startTimeMs)
  }
  return text
}
