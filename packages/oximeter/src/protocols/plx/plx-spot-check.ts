import { type DecodeError, invalidField, overlong, reservedBitsSet, truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import { putU16, u16 } from '../../internal/le-bytes.js'
import { readPlxStatusTail, writePlxStatusTail } from './plx-status-tail.js'
import { type PlxSpo2Pr, writePair } from './plx-continuous.js'
import type { PlxDecodeOptions } from './plx-decode-options.js'
import type { PlxDeviceAndSensorStatus, PlxMeasurementStatus } from './plx-status.js'
import { type MedicalFloat, readSfloat } from './sfloat.js'

/**
 * A Bluetooth "Date Time" (GATT Specification Supplement §3.70): the device's local clock, no
 * time zone. 0 in year/month/day means "not known". Never converted to an instant here.
 *
 * @category plx
 */
export interface PlxDateTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hours: number
  readonly minutes: number
  readonly seconds: number
}

/**
 * PLX Spot-check Measurement (0x2A5E), also how RACP delivers stored records.
 *
 * @category plx
 */
export interface PlxSpotCheck {
  readonly _tag: 'PlxSpotCheck'
  readonly spo2: MedicalFloat
  readonly pulseRate: MedicalFloat
  readonly timestamp?: PlxDateTime
  readonly measurementStatus?: PlxMeasurementStatus
  readonly deviceAndSensorStatus?: PlxDeviceAndSensorStatus
  readonly pulseAmplitudeIndex?: MedicalFloat
  /** Flag bit 4: the timestamp (if any) comes from a clock nobody set; do not trust it. */
  readonly deviceClockNotSet: boolean
  readonly reservedFlags: number
  readonly trailingBytes: number
}

// Flags, PLXS v1.0.1 §3.1.1.1 (spec note §2.3).
const TIMESTAMP = 0x01
const MS = 0x02
const DSS = 0x04
const PAI = 0x08
const CLOCK_NOT_SET = 0x10
const RESERVED = 0xe0
const TAIL_BITS = { ms: MS, dss: DSS, pai: PAI }

const lengthFor = (flags: number): number =>
  5 + (flags & TIMESTAMP ? 7 : 0) + (flags & MS ? 2 : 0) + (flags & DSS ? 3 : 0) + (flags & PAI ? 2 : 0)

function readDateTime(b: Uint8Array, at: number): E.Either<DecodeError, PlxDateTime> {
  const t: PlxDateTime = {
    year: u16(b, at),
    month: b[at + 2] ?? 0,
    day: b[at + 3] ?? 0,
    hours: b[at + 4] ?? 0,
    minutes: b[at + 5] ?? 0,
    seconds: b[at + 6] ?? 0,
  }
  // Ranges from the Date Time characteristic definition.
  const bad: [string, number, boolean][] = [
    ['year', at, t.year !== 0 && (t.year < 1582 || t.year > 9999)],
    ['month', at + 2, t.month > 12],
    ['day', at + 3, t.day > 31],
    ['hours', at + 4, t.hours > 23],
    ['minutes', at + 5, t.minutes > 59],
    ['seconds', at + 6, t.seconds > 59],
  ]
  const found = bad.find(([, , isBad]) => isBad)
  if (found !== undefined) {
    const [name, offset] = found
    return E.left(
      invalidField(`timestamp.${name}`, `out of range at byte ${offset}`, {
        offset,
        value: t[name as keyof PlxDateTime],
      }),
    )
  }
  return E.right(t)
}

/**
 * Decodes one PLX Spot-check Measurement value (length checked against the flags first).
 *
 * @category plx
 */
export function decodePlxSpotCheck(
  value: Uint8Array,
  options: PlxDecodeOptions = {},
): E.Either<DecodeError, PlxSpotCheck> {
  if (value.length < 1) return E.left(truncated(0, 5, 0, 'PLX Spot-check Measurement'))
  const flags = value[0] as number
  const needed = lengthFor(flags)
  if (value.length < needed) return E.left(truncated(0, needed, value.length, 'PLX Spot-check Measurement'))
  if (options.strict === true && (flags & RESERVED) !== 0) return E.left(reservedBitsSet(0, flags & RESERVED))
  if (options.strict === true && value.length > needed)
    return E.left(overlong(needed, value.length, 'PLX Spot-check Measurement'))
  const record: { -readonly [K in keyof PlxSpotCheck]: PlxSpotCheck[K] } = {
    _tag: 'PlxSpotCheck',
    spo2: readSfloat(value, 1),
    pulseRate: readSfloat(value, 3),
    deviceClockNotSet: (flags & CLOCK_NOT_SET) !== 0,
    reservedFlags: flags & RESERVED,
    trailingBytes: value.length - needed,
  }
  let at = 5
  if (flags & TIMESTAMP) {
    const ts = readDateTime(value, at)
    if (E.isLeft(ts)) return ts
    record.timestamp = ts.right
    at += 7
  }
  Object.assign(record, readPlxStatusTail(value, at, flags, TAIL_BITS))
  return E.right(record)
}

/** Encodes a PLX Spot-check Measurement. @category plx */
export function encodePlxSpotCheck(r: PlxSpotCheck): Uint8Array {
  const flags =
    (r.timestamp ? TIMESTAMP : 0) |
    (r.measurementStatus ? MS : 0) |
    (r.deviceAndSensorStatus ? DSS : 0) |
    (r.pulseAmplitudeIndex ? PAI : 0) |
    (r.deviceClockNotSet ? CLOCK_NOT_SET : 0) |
    (r.reservedFlags & RESERVED)
  const out = new Uint8Array(lengthFor(flags) + r.trailingBytes)
  out[0] = flags
  const pair: PlxSpo2Pr = { spo2: r.spo2, pulseRate: r.pulseRate }
  writePair(out, 1, pair)
  let at = 5
  if (r.timestamp) {
    const t = r.timestamp
    putU16(out, at, t.year)
    out.set([t.month, t.day, t.hours, t.minutes, t.seconds], at + 2)
    at += 7
  }
  writePlxStatusTail(out, at, r)
  return out
}
