import { type DecodeError, overlong, reservedBitsSet, truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { PlxDecodeOptions } from './plx-decode-options.js'
import type { PlxDeviceAndSensorStatus, PlxMeasurementStatus } from './plx-status.js'
import { readPlxStatusTail, writePlxStatusTail } from './plx-status-tail.js'
import { type MedicalFloat, readSfloat, writeSfloat } from './sfloat.js'

/** An SpO2 + pulse-rate pair (SFLOATs, % and beats/min). @category plx */
export interface PlxSpo2Pr {
  readonly spo2: MedicalFloat
  readonly pulseRate: MedicalFloat
}

/**
 * PLX Continuous Measurement (0x2A5F). Optional fields are absent when their flag is clear.
 *
 * @category plx
 */
export interface PlxContinuous {
  readonly _tag: 'PlxContinuous'
  readonly normal: PlxSpo2Pr
  readonly fast?: PlxSpo2Pr
  readonly slow?: PlxSpo2Pr
  readonly measurementStatus?: PlxMeasurementStatus
  readonly deviceAndSensorStatus?: PlxDeviceAndSensorStatus
  readonly pulseAmplitudeIndex?: MedicalFloat
  /** Flag bits 5–7 as received (reserved: ignored unless `strict`). */
  readonly reservedFlags: number
  /** Bytes after the last flagged field (a later spec version may append fields). */
  readonly trailingBytes: number
}

// Flags, PLXS v1.0.1 §3.2.1.1 (spec note §2.4).
const FAST = 0x01
const SLOW = 0x02
const MS = 0x04
const DSS = 0x08
const PAI = 0x10
const RESERVED = 0xe0
const TAIL_BITS = { ms: MS, dss: DSS, pai: PAI }

/** Bytes a continuous measurement with these flags needs. */
const lengthFor = (flags: number): number =>
  5 +
  (flags & FAST ? 4 : 0) +
  (flags & SLOW ? 4 : 0) +
  (flags & MS ? 2 : 0) +
  (flags & DSS ? 3 : 0) +
  (flags & PAI ? 2 : 0)

const readPair = (b: Uint8Array, at: number): PlxSpo2Pr => ({
  spo2: readSfloat(b, at),
  pulseRate: readSfloat(b, at + 2),
})

/**
 * Decodes one PLX Continuous Measurement value. The length is checked against the flags before
 * any field is read: a short value is `Truncated`, never a partial record.
 *
 * @example
 * decodePlxContinuous(Uint8Array.of(0x00, 0x62, 0x00, 0x48, 0x00)) // normal SpO2 98, PR 72
 * @category plx
 */
export function decodePlxContinuous(
  value: Uint8Array,
  options: PlxDecodeOptions = {},
): E.Either<DecodeError, PlxContinuous> {
  if (value.length < 1) return E.left(truncated(0, 5, 0, 'PLX Continuous Measurement'))
  const flags = value[0] as number
  const needed = lengthFor(flags)
  if (value.length < needed) return E.left(truncated(0, needed, value.length, 'PLX Continuous Measurement'))
  if (options.strict === true && (flags & RESERVED) !== 0) return E.left(reservedBitsSet(0, flags & RESERVED))
  if (options.strict === true && value.length > needed)
    return E.left(overlong(needed, value.length, 'PLX Continuous Measurement'))
  let at = 5
  const record: { -readonly [K in keyof PlxContinuous]: PlxContinuous[K] } = {
    _tag: 'PlxContinuous',
    normal: readPair(value, 1),
    reservedFlags: flags & RESERVED,
    trailingBytes: value.length - needed,
  }
  if (flags & FAST) {
    record.fast = readPair(value, at)
    at += 4
  }
  if (flags & SLOW) {
    record.slow = readPair(value, at)
    at += 4
  }
  Object.assign(record, readPlxStatusTail(value, at, flags, TAIL_BITS))
  return E.right(record)
}

/**
 * Encodes a PLX Continuous Measurement (flags from the fields present; `trailingBytes` zeros are
 * appended so a decoded value re-encodes to the same length).
 *
 * @category plx
 */
export function encodePlxContinuous(r: PlxContinuous): Uint8Array {
  const flags =
    (r.fast ? FAST : 0) |
    (r.slow ? SLOW : 0) |
    (r.measurementStatus ? MS : 0) |
    (r.deviceAndSensorStatus ? DSS : 0) |
    (r.pulseAmplitudeIndex ? PAI : 0) |
    (r.reservedFlags & RESERVED)
  const out = new Uint8Array(lengthFor(flags) + r.trailingBytes)
  out[0] = flags
  writePair(out, 1, r.normal)
  let at = 5
  if (r.fast) {
    writePair(out, at, r.fast)
    at += 4
  }
  if (r.slow) {
    writePair(out, at, r.slow)
    at += 4
  }
  writePlxStatusTail(out, at, r)
  return out
}

/** @internal */
export function writePair(out: Uint8Array, at: number, p: PlxSpo2Pr): void {
  writeSfloat(out, at, p.spo2)
  writeSfloat(out, at + 2, p.pulseRate)
}
