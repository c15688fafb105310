import { truncated } from '@openward/core'

import type { Framer } from '../../decode/framer.js'
import { createStreamFramer, FrameRejection } from '../../internal/stream-framer.js'

/**
 * Nonin serial data format 8: 4 bytes once a second, no checksum (Nonin 9560 Bluetooth
 * Specification; spec note §3.6). Byte 1 has bit 7 set; bytes 2–4 are 7-bit.
 *
 * @category nonin
 */
export interface NoninDf8Frame {
  readonly _tag: 'NoninDf8Frame'
  /** 9-bit; 511 = missing. */
  readonly heartRate: number
  /** 127 = missing. */
  readonly spo2: number
  readonly outOfTrack: boolean
  readonly lowPerfusion: boolean
  readonly marginalPerfusion: boolean
  readonly artifact: boolean
  /** Byte 4 bit 5: SmartPoint algorithm. */
  readonly smartPoint: boolean
  /** Byte 4 bit 3: sensor alarm (finger removed / sensor fault). */
  readonly sensorAlarm: boolean
  readonly lowBattery: boolean
  /** Bits the document does not define (byte 1 bit 6; byte 4 bits 1, 2, 4, 6), kept raw. */
  readonly reservedBits: number
}

const RESERVED_B1 = 0x40
const RESERVED_B4 = 0x56

function decodeDf8(b: Uint8Array, at: number, _len: number, offset: number): NoninDf8Frame | FrameRejection {
  for (let k = 1; k < 4; k++)
    if (((b[at + k] as number) & 0x80) !== 0) return new FrameRejection(truncated(offset, 4, k, 'Nonin DF8 frame'), k)
  const b1 = b[at] as number
  const b4 = b[at + 3] as number
  return {
    _tag: 'NoninDf8Frame',
    heartRate: ((b1 & 0x03) << 7) | (b[at + 1] as number),
    spo2: b[at + 2] as number,
    outOfTrack: (b1 & 0x20) !== 0,
    lowPerfusion: (b1 & 0x10) !== 0,
    marginalPerfusion: (b1 & 0x08) !== 0,
    artifact: (b1 & 0x04) !== 0,
    smartPoint: (b4 & 0x20) !== 0,
    sensorAlarm: (b4 & 0x08) !== 0,
    lowBattery: (b4 & 0x01) !== 0,
    reservedBits: ((b1 & RESERVED_B1) << 8) | (b4 & RESERVED_B4),
  }
}

/** A framer for Nonin DF8. @category nonin */
export function createNoninDf8Framer(): Framer<NoninDf8Frame, 'nonin-df8'> {
  return createStreamFramer<NoninDf8Frame, 'nonin-df8'>({
    protocol: 'nonin-df8',
    maxFrameLength: 4,
    isSync: (byte) => (byte & 0x80) !== 0,
    measure: () => 4,
    decode: decodeDf8,
  })
}

/** Encodes a DF8 frame. @category nonin */
export function encodeNoninDf8(r: NoninDf8Frame): Uint8Array {
  return Uint8Array.of(
    0x80 |
      ((r.reservedBits >>> 8) & RESERVED_B1) |
      (r.outOfTrack ? 0x20 : 0) |
      (r.lowPerfusion ? 0x10 : 0) |
      (r.marginalPerfusion ? 0x08 : 0) |
      (r.artifact ? 0x04 : 0) |
      ((r.heartRate >>> 7) & 0x03),
    r.heartRate & 0x7f,
    r.spo2 & 0x7f,
    (r.reservedBits & RESERVED_B4) | (r.smartPoint ? 0x20 : 0) | (r.sensorAlarm ? 0x08 : 0) | (r.lowBattery ? 0x01 : 0),
  )
}
