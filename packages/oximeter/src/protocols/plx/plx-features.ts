import { type DecodeError, overlong, reservedBitsSet, truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { putU16, putU24, u16, u24 } from '../../internal/le-bytes.js'
import type { PlxDecodeOptions } from './plx-decode-options.js'
import {
  deviceAndSensorStatus,
  measurementStatus,
  type PlxDeviceAndSensorStatus,
  type PlxMeasurementStatus,
} from './plx-status.js'

/**
 * PLX Features (0x2A60). The support fields use the status bit positions, but a set bit means
 * "the device can report this", not "this is happening".
 *
 * @category plx
 */
export interface PlxFeatures {
  readonly _tag: 'PlxFeatures'
  /** The Supported Features word as received (bits 8–15 reserved). */
  readonly raw: number
  readonly measurementStorage: boolean
  readonly spotCheckTimestamp: boolean
  readonly spo2prFast: boolean
  readonly spo2prSlow: boolean
  readonly pulseAmplitudeIndex: boolean
  readonly multipleBonds: boolean
  readonly measurementStatusSupport?: PlxMeasurementStatus
  readonly deviceAndSensorStatusSupport?: PlxDeviceAndSensorStatus
  readonly trailingBytes: number
}

// Supported Features bits, PLXS v1.0.1 §3.3.1.1 (spec note §2.7).
const MS_SUPPORT = 0x01
const DSS_SUPPORT = 0x02
const RESERVED = 0xff00

const lengthFor = (features: number) => 2 + (features & MS_SUPPORT ? 2 : 0) + (features & DSS_SUPPORT ? 3 : 0)

/** Decodes PLX Features (2, 4, 5 or 7 bytes; the DSS support field is 24-bit). @category plx */
export function decodePlxFeatures(
  value: Uint8Array,
  options: PlxDecodeOptions = {},
): E.Either<DecodeError, PlxFeatures> {
  if (value.length < 2) return E.left(truncated(0, 2, value.length, 'PLX Features'))
  const raw = u16(value, 0)
  const needed = lengthFor(raw)
  if (value.length < needed) return E.left(truncated(0, needed, value.length, 'PLX Features'))
  if (options.strict === true && (raw & RESERVED) !== 0) return E.left(reservedBitsSet(1, (raw & RESERVED) >>> 8))
  if (options.strict === true && value.length > needed) return E.left(overlong(needed, value.length, 'PLX Features'))
  const record: { -readonly [K in keyof PlxFeatures]: PlxFeatures[K] } = {
    _tag: 'PlxFeatures',
    raw,
    measurementStorage: (raw & 0x04) !== 0,
    spotCheckTimestamp: (raw & 0x08) !== 0,
    spo2prFast: (raw & 0x10) !== 0,
    spo2prSlow: (raw & 0x20) !== 0,
    pulseAmplitudeIndex: (raw & 0x40) !== 0,
    multipleBonds: (raw & 0x80) !== 0,
    trailingBytes: value.length - needed,
  }
  let at = 2
  if (raw & MS_SUPPORT) {
    record.measurementStatusSupport = measurementStatus(u16(value, at))
    at += 2
  }
  if (raw & DSS_SUPPORT) record.deviceAndSensorStatusSupport = deviceAndSensorStatus(u24(value, at))
  return E.right(record)
}

/** Encodes PLX Features; presence bits 0–1 follow the support fields present. @category plx */
export function encodePlxFeatures(r: PlxFeatures): Uint8Array {
  const raw =
    (r.raw & ~(MS_SUPPORT | DSS_SUPPORT)) |
    (r.measurementStatusSupport ? MS_SUPPORT : 0) |
    (r.deviceAndSensorStatusSupport ? DSS_SUPPORT : 0)
  const out = new Uint8Array(lengthFor(raw) + r.trailingBytes)
  putU16(out, 0, raw)
  let at = 2
  if (r.measurementStatusSupport) {
    putU16(out, at, r.measurementStatusSupport.raw)
    at += 2
  }
  if (r.deviceAndSensorStatusSupport) putU24(out, at, r.deviceAndSensorStatusSupport.raw)
  return out
}
