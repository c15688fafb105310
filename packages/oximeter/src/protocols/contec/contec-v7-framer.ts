import { reservedBitsSet, truncated } from '@openward/core'

import {
  CONTEC_V7_LENGTHS,
  CONTEC_V7_PACKET_NAMES,
  type ContecV7Packet,
  type ContecV7Record,
  TEXT_PACKETS,
} from './contec-v7-records.js'
import type { Framer } from '../../decode/framer.js'
import { createStreamFramer, FrameRejection, NEED_MORE, type StreamFrameSpec } from '../../internal/stream-framer.js'

const MAX_V7 = 9

/** Type bytes have bit 7 clear and are non-zero. */
const isV7Type = (byte: number): boolean => byte !== 0 && (byte & 0x80) === 0

function measureV7(b: Uint8Array, at: number, end: number): number {
  const known = CONTEC_V7_LENGTHS[b[at] as number]
  if (known !== undefined) return known
  // Unknown type: the packet runs to the next byte with bit 7 clear (the next type byte).
  for (let j = at + 1; j < at + MAX_V7; j++) {
    if (j >= end) return NEED_MORE
    if (((b[j] as number) & 0x80) === 0) return j - at >= 2 ? j - at : 0
  }
  return MAX_V7
}

/** Restores data byte `k` (0-based after the high-bit byte): bit 7 comes from high-bit bit k. */
const restore = (b: Uint8Array, at: number, k: number): number =>
  ((b[at + 2 + k] as number) & 0x7f) | ((((b[at + 1] as number) >>> k) & 1) << 7)

function decodeV7(b: Uint8Array, at: number, length: number, offset: number): ContecV7Record | FrameRejection {
  for (let k = 1; k < length; k++) {
    if (((b[at + k] as number) & 0x80) === 0) {
      return new FrameRejection(truncated(offset, length, k, `Contec V7 packet 0x${(b[at] as number).toString(16)}`), k)
    }
  }
  // The high-bit byte has one bit per data byte; bits beyond the packet's data are reserved (0).
  const spare = (b[at + 1] as number) & 0x7f & ~((1 << (length - 2)) - 1)
  if (spare !== 0) return new FrameRejection(reservedBitsSet(offset + 1, spare), 1)
  const type = b[at] as number
  if (type === 0x01) return readRealTime(b, at)
  const data: number[] = []
  for (let k = 0; k < length - 2; k++) data.push(restore(b, at, k))
  if (type === 0x7d) return { _tag: 'ContecV7Command', code: data[0] ?? 0, params: data.slice(1) }
  if (type === 0x0f) return { _tag: 'ContecV7StorageData', type, readings: [0, 2, 4].map((k) => reading(data, k)) }
  if (type === 0x09)
    return {
      _tag: 'ContecV7StorageData',
      type,
      readings: [{ ...reading(data, 0), perfusionIndexRaw: (data[2] ?? 0) | ((data[3] ?? 0) << 8) }],
    }
  const packet: ContecV7Packet = { _tag: 'ContecV7Packet', type, name: CONTEC_V7_PACKET_NAMES[type] ?? 'unknown', data }
  return TEXT_PACKETS.has(type) ? { ...packet, text: asciiText(data) } : packet
}

const reading = (data: readonly number[], k: number) => ({ spo2: data[k] ?? 0, pulseRate: data[k + 1] ?? 0 })

function asciiText(data: readonly number[]): string {
  let s = ''
  for (const c of data) if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c)
  return s
}

/** Real-time packet 0x01 fields (V7.0 PDF, "real-time data"). Exported for the batch path. */
export function readRealTime(b: Uint8Array, at: number): ContecV7Record {
  const d0 = restore(b, at, 0)
  const d1 = restore(b, at, 1)
  const d2 = restore(b, at, 2)
  return {
    _tag: 'ContecV7RealTime',
    signalStrength: d0 & 0x0f,
    searchingTooLong: (d0 & 0x10) !== 0,
    lowSpo2: (d0 & 0x20) !== 0,
    pulseBeep: (d0 & 0x40) !== 0,
    probeError: (d0 & 0x80) !== 0,
    pleth: d1 & 0x7f,
    searchingPulse: (d1 & 0x80) !== 0,
    barGraph: d2 & 0x0f,
    piInvalid: (d2 & 0x10) !== 0,
    reservedBits: d2 & 0xe0,
    pulseRate: restore(b, at, 3),
    spo2: restore(b, at, 4),
    perfusionIndexRaw: restore(b, at, 5) | (restore(b, at, 6) << 8),
  }
}

/**
 * A framer for the Contec V7.0 stream, both directions (device packets and our 0x7D commands).
 * Packet lengths come from the type byte; a byte with bit 7 clear inside a packet ends it
 * early (`Truncated`) and starts the next.
 *
 * @category contec-v7
 */
export function createContecV7Framer(): Framer<ContecV7Record, 'contec-v7'> {
  return createStreamFramer(CONTEC_V7_FRAME_SPEC)
}

/** The V7 frame spec, shared with the batch path (which swaps in its own real-time writer). */
export const CONTEC_V7_FRAME_SPEC: StreamFrameSpec<ContecV7Record, 'contec-v7'> = {
  protocol: 'contec-v7',
  maxFrameLength: MAX_V7,
  isSync: isV7Type,
  measure: measureV7,
  decode: decodeV7,
}
