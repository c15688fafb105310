import {
  deviceAndSensorStatus,
  measurementStatus,
  type PlxDeviceAndSensorStatus,
  type PlxMeasurementStatus,
} from './plx-status.js'
import { type MedicalFloat, readSfloat, writeSfloat } from './sfloat.js'
import { putU16, putU24, u16, u24 } from '../../internal/le-bytes.js'

/**
 * The optional fields both PLX measurements end with, in this order: Measurement Status (16 bits),
 * Device and Sensor Status (24 bits) and Pulse Amplitude Index (SFLOAT). Bluetooth SIG PLXS 1.0.1,
 * §3.1 (Spot-check) and §3.2 (Continuous); only their flag bits differ.
 */
export interface PlxStatusTail {
  measurementStatus?: PlxMeasurementStatus
  deviceAndSensorStatus?: PlxDeviceAndSensorStatus
  pulseAmplitudeIndex?: MedicalFloat
}

/** Which flag bit announces each tail field in one characteristic. */
export interface PlxStatusTailBits {
  readonly ms: number
  readonly dss: number
  readonly pai: number
}

/** Reads the tail fields the flags announce, starting at `at` (lengths already checked). */
export function readPlxStatusTail(
  value: Uint8Array,
  at: number,
  flags: number,
  bits: PlxStatusTailBits,
): PlxStatusTail {
  const tail: PlxStatusTail = {}
  if (flags & bits.ms) {
    tail.measurementStatus = measurementStatus(u16(value, at))
    at += 2
  }
  if (flags & bits.dss) {
    tail.deviceAndSensorStatus = deviceAndSensorStatus(u24(value, at))
    at += 3
  }
  if (flags & bits.pai) tail.pulseAmplitudeIndex = readSfloat(value, at)
  return tail
}

/** Writes the tail fields present in `r`, starting at `at`. */
export function writePlxStatusTail(out: Uint8Array, at: number, r: Readonly<PlxStatusTail>): void {
  if (r.measurementStatus) {
    putU16(out, at, r.measurementStatus.raw)
    at += 2
  }
  if (r.deviceAndSensorStatus) {
    putU24(out, at, r.deviceAndSensorStatus.raw)
    at += 3
  }
  if (r.pulseAmplitudeIndex) writeSfloat(out, at, r.pulseAmplitudeIndex)
}
