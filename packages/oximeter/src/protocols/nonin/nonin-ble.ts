import { type DecodeError, invalidField, truncated } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

/**
 * Nonin Oximetry Service continuous value (3230, 3150 BLE), 10 bytes, big-endian
 * (andreasdri/nonin-3230-ble; a Swift decoder citing Nonin doc 113142-000-02 Rev B; spec note
 * §3.6). Medium confidence: status bit numbering follows those sources; the 127/511 missing-data
 * sentinels are the serial formats' and are unverified over BLE.
 *
 * @category nonin
 */
export interface NoninBleMeasurement {
  readonly _tag: 'NoninBleMeasurement'
  readonly status: number
  readonly weakSignal: boolean
  readonly smartPoint: boolean
  readonly searching: boolean
  readonly sensorConnected: boolean
  readonly lowBattery: boolean
  readonly encrypted: boolean
  /** Battery voltage × 10 (0.1 V units). */
  readonly batteryDecivolts: number
  /** Pulse amplitude index × 100 (%). */
  readonly paiRaw: number
  readonly counter: number
  readonly spo2: number
  readonly pulseRate: number
}

const LENGTH = 10

/** Decodes one Nonin Oximetry Service value. @category nonin */
export function decodeNoninBle(v: Uint8Array): E.Either<DecodeError, NoninBleMeasurement> {
  if (v.length < 1 || v.length < LENGTH) return E.left(truncated(0, LENGTH, v.length, 'Nonin BLE measurement'))
  if (v[0] !== LENGTH)
    return E.left(invalidField('length', `length byte must be ${LENGTH}, got ${v[0]}`, { offset: 0, value: v[0] }))
  const status = v[1] as number
  const be16 = (at: number) => ((v[at] as number) << 8) | (v[at + 1] as number)
  return E.right({
    _tag: 'NoninBleMeasurement',
    status,
    weakSignal: (status & 0x02) !== 0,
    smartPoint: (status & 0x04) !== 0,
    searching: (status & 0x08) !== 0,
    sensorConnected: (status & 0x10) !== 0,
    lowBattery: (status & 0x20) !== 0,
    encrypted: (status & 0x40) !== 0,
    batteryDecivolts: v[2] as number,
    paiRaw: be16(3),
    counter: be16(5),
    spo2: v[7] as number,
    pulseRate: be16(8),
  })
}

/** Encodes a Nonin BLE value (status byte as given). @category nonin */
export function encodeNoninBle(r: NoninBleMeasurement): Uint8Array {
  return Uint8Array.of(
    LENGTH,
    r.status & 0xff,
    r.batteryDecivolts & 0xff,
    (r.paiRaw >>> 8) & 0xff,
    r.paiRaw & 0xff,
    (r.counter >>> 8) & 0xff,
    r.counter & 0xff,
    r.spo2 & 0xff,
    (r.pulseRate >>> 8) & 0xff,
    r.pulseRate & 0xff,
  )
}
