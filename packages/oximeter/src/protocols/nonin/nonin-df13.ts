import { checksumMismatch, invalidField } from '@openward/core'

import type { Framer } from '../../decode/framer.js'
import { sum8 } from '../../internal/crc8.js'
import { createStreamFramer, FrameRejection, NEED_MORE } from '../../internal/stream-framer.js'

/**
 * Nonin serial data format 13, the SmartPoint spot-check packet (Nonin 9560 Bluetooth
 * Specification; spec note §3.6): `00 02 | 00 0D | len (u16 BE, ≥ 14) | data | checksum | 03`,
 * data = `20 YY MM DD hh mm ss 00` (BCD), STATUS (2), HR (2, BE), reserved, SpO2, then any
 * bytes a later revision adds. Checksum = low byte of the sum of the data bytes.
 *
 * @category nonin
 */
export interface NoninDf13Packet {
  readonly _tag: 'NoninDf13Packet'
  /** Device local time, decoded from BCD (no time zone). */
  readonly timestamp: {
    readonly year: number
    readonly month: number
    readonly day: number
    readonly hours: number
    readonly minutes: number
    readonly seconds: number
  }
  readonly status: number
  readonly smartPoint: boolean
  /** NOMS: no measurement. */
  readonly noMeasurement: boolean
  /** MEM: replayed from memory. */
  readonly fromMemory: boolean
  readonly lowBattery: boolean
  /** 511 = missing. */
  readonly heartRate: number
  /** 127 = missing. */
  readonly spo2: number
  readonly reserved: number
  /** Data bytes after SpO2 (length > 14). */
  readonly extra: readonly number[]
}

const HEADER = 6
const MIN_DATA = 14
const MAX_DATA = 64

const fromBcd = (v: number) => (v >> 4) * 10 + (v & 0x0f)
const toBcd = (v: number) => ((Math.floor(v / 10) % 10) << 4) | (v % 10)
const isBcd = (v: number) => v >> 4 < 10 && (v & 0x0f) < 10

function measureDf13(b: Uint8Array, at: number, end: number): number {
  const need = [0x00, 0x02, 0x00, 0x0d]
  for (let k = 0; k < 4; k++) {
    if (at + k >= end) return NEED_MORE
    if (b[at + k] !== need[k]) return 0
  }
  if (end - at < HEADER) return NEED_MORE
  const len = ((b[at + 4] as number) << 8) | (b[at + 5] as number)
  return len < MIN_DATA || len > MAX_DATA ? 0 : HEADER + len + 2
}

function decodeDf13(b: Uint8Array, at: number, length: number, offset: number): NoninDf13Packet | FrameRejection {
  const d = at + HEADER
  const chkAt = at + length - 2
  if (b[at + length - 1] !== 0x03)
    return new FrameRejection(
      invalidField('etx', 'missing ETX 0x03', { offset: offset + length - 1, value: b[at + length - 1] }),
      1,
    )
  const sum = sum8(b, d, chkAt)
  if (sum !== b[chkAt])
    return new FrameRejection(checksumMismatch(offset + length - 2, sum, b[chkAt] as number), 1, true)
  for (let k = 0; k < 7; k++)
    if (!isBcd(b[d + k] as number))
      return new FrameRejection(
        invalidField('timestamp', 'not BCD', { offset: offset + HEADER + k, value: b[d + k] }),
        1,
      )
  const msb = b[d + 8] as number
  const lsb = b[d + 9] as number
  return {
    _tag: 'NoninDf13Packet',
    timestamp: {
      year: fromBcd(b[d] as number) * 100 + fromBcd(b[d + 1] as number),
      month: fromBcd(b[d + 2] as number),
      day: fromBcd(b[d + 3] as number),
      hours: fromBcd(b[d + 4] as number),
      minutes: fromBcd(b[d + 5] as number),
      seconds: fromBcd(b[d + 6] as number),
    },
    status: (msb << 8) | lsb,
    smartPoint: (msb & 0x02) !== 0,
    noMeasurement: (msb & 0x01) !== 0,
    fromMemory: (lsb & 0x10) !== 0,
    lowBattery: (lsb & 0x01) !== 0,
    heartRate: ((b[d + 10] as number) << 8) | (b[d + 11] as number),
    reserved: b[d + 12] as number,
    spo2: b[d + 13] as number,
    extra: Array.from(b.subarray(d + MIN_DATA, chkAt)),
  }
}

/** A framer for Nonin DF13. @category nonin */
export function createNoninDf13Framer(): Framer<NoninDf13Packet, 'nonin-df13'> {
  return createStreamFramer<NoninDf13Packet, 'nonin-df13'>({
    protocol: 'nonin-df13',
    maxFrameLength: HEADER + MAX_DATA + 2,
    isSync: (byte) => byte === 0x00,
    measure: measureDf13,
    decode: decodeDf13,
  })
}

/** Encodes a DF13 packet (status word is written as given). @category nonin */
export function encodeNoninDf13(r: NoninDf13Packet): Uint8Array {
  const t = r.timestamp
  const data = [
    toBcd(Math.floor(t.year / 100)),
    toBcd(t.year % 100),
    toBcd(t.month),
    toBcd(t.day),
    toBcd(t.hours),
    toBcd(t.minutes),
    toBcd(t.seconds),
    0,
    (r.status >>> 8) & 0xff,
    r.status & 0xff,
    (r.heartRate >>> 8) & 0xff,
    r.heartRate & 0xff,
    r.reserved & 0xff,
    r.spo2 & 0xff,
    ...r.extra,
  ]
  const out = Uint8Array.from([
    0x00,
    0x02,
    0x00,
    0x0d,
    (data.length >>> 8) & 0xff,
    data.length & 0xff,
    ...data,
    0,
    0x03,
  ])
  out[out.length - 2] = sum8(out, HEADER, out.length - 2)
  return out
}
