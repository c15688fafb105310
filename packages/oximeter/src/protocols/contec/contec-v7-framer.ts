import { type DecodeError, reservedBitsSet, truncated } from '@openward/core'

import {
  CONTEC_V7_LENGTHS,
  CONTEC_V7_PACKET_NAMES,
  type ContecV7Packet,
  type ContecV7Record,
  TEXT_PACKETS,
} from './contec-v7-records.js'
import type { Framer, FramerOutput } from '../../decode/framer.js'
import { concat, FrameRejection, garbageError, NEED_MORE, type StreamFrameSpec } from '../../internal/stream-framer.js'

const MAX_V7 = 9

/** Type bytes have bit 7 clear and are non-zero. */
export const isV7Type = (byte: number): boolean => byte !== 0 && (byte & 0x80) === 0

export function measureV7(b: Uint8Array, at: number, end: number): number {
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

export function decodeV7(b: Uint8Array, at: number, length: number, offset: number): ContecV7Record | FrameRejection {
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

/** Real-time packet 0x01 fields (V7.0 PDF, "real-time data"), for the generic path through decodeV7. */
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
 * Real-time packet 0x01 from its eight bytes after the type, already loaded (the hot path): data
 * byte k is byte k + 2 with bit 7 taken from bit k of the high-bit byte `hi` (V7.0 PDF, "real-time
 * data"). The same record, field for field and in the same order, as {@link readRealTime}.
 */
function realTime(
  hi: number,
  b2: number,
  b3: number,
  b4: number,
  b5: number,
  b6: number,
  b7: number,
  b8: number,
): ContecV7Record {
  const d0 = (b2 & 0x7f) | ((hi & 0x01) << 7)
  const d1 = (b3 & 0x7f) | ((hi & 0x02) << 6)
  const d2 = (b4 & 0x7f) | ((hi & 0x04) << 5)
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
    pulseRate: (b5 & 0x7f) | ((hi & 0x08) << 4),
    spo2: (b6 & 0x7f) | ((hi & 0x10) << 3),
    perfusionIndexRaw: (b7 & 0x7f) | ((hi & 0x20) << 2) | (((b8 & 0x7f) | ((hi & 0x40) << 1)) << 8),
  }
}

const EMPTY = new Uint8Array(0)
/** Largest record array allocated up front (V8 keeps arrays this size in fast mode). */
const MAX_PREALLOCATED = 16384

/**
 * A framer for the Contec V7.0 stream, both directions (device packets and our 0x7D commands).
 * Packet lengths come from the type byte; a byte with bit 7 clear inside a packet ends it
 * early (`Truncated`) and starts the next.
 *
 * This is `createStreamFramer(CONTEC_V7_FRAME_SPEC)` with the real-time packet (~60/s, nearly every
 * byte of a session) decoded inline: the same loop, offsets and diagnostics, but no calls through
 * the spec for the common case (a loop shared by every stream framer sees many specs and cannot be
 * optimised for one). The framer property tests and fuzzing hold it to the generic framer's contract.
 *
 * @category contec-v7
 */
export function createContecV7Framer(): Framer<ContecV7Record, 'contec-v7'> {
  let pending = EMPTY
  let streamPos = 0 // stream offset just past the last byte pushed

  const push = (chunk: Uint8Array): FramerOutput<ContecV7Record> => {
    const chunkBase = streamPos
    streamPos += chunk.length
    // Sized up front for the packets the bytes can hold (real-time ones, 9 bytes, are nearly all):
    // growing an array by push reallocates and copies it several times per 4 KiB chunk, which cost
    // more than the decoding. Capped so a huge chunk never asks for a dictionary-mode array; the
    // length is cut to the records found before returning.
    const records: ContecV7Record[] = new Array<ContecV7Record>(
      Math.min(MAX_PREALLOCATED, Math.ceil((pending.length + chunk.length) / MAX_V7)),
    )
    let count = 0
    const errors: DecodeError[] = []
    let discarded = 0
    // A run of garbage is kept as its stream offset and first byte, so a run that starts in the
    // held-back bytes and goes on in the chunk is one error.
    let garbageFrom = -1
    let garbageByte = 0
    // Two passes at most. With bytes held back, the first runs over them joined with the first
    // MAX_V7 bytes of the chunk (a frame starting in them ends there) and stops once past them; the
    // second goes on in the chunk itself, so the chunk is never copied.
    let head = pending.length > 0 && chunk.length >= MAX_V7
    let data = head ? concat(pending, chunk.subarray(0, MAX_V7)) : pending.length > 0 ? concat(pending, chunk) : chunk
    let base = chunkBase - pending.length
    let n = data.length
    let stop = head ? pending.length : n
    let i = 0
    for (;;) {
      while (i < stop) {
        const byte = data[i] as number
        if (byte === 0x01 && i + 9 <= n) {
          // Each byte is loaded once, for the check and for the record. The check (bit 7 set on all
          // eight bytes after the type) takes exactly the packets measureV7 + decodeV7 accept as
          // real-time: the high-bit byte of a 9-byte packet has no spare bits to check.
          const hi = data[i + 1] as number
          const b2 = data[i + 2] as number
          const b3 = data[i + 3] as number
          const b4 = data[i + 4] as number
          const b5 = data[i + 5] as number
          const b6 = data[i + 6] as number
          const b7 = data[i + 7] as number
          const b8 = data[i + 8] as number
          if ((hi & b2 & b3 & b4 & b5 & b6 & b7 & b8 & 0x80) !== 0) {
            if (garbageFrom >= 0) {
              errors.push(garbageError(garbageFrom, garbageByte, base + i - garbageFrom))
              discarded += base + i - garbageFrom
              garbageFrom = -1
            }
            records[count++] = realTime(hi, b2, b3, b4, b5, b6, b7, b8)
            i += 9
            continue
          }
        }
        const length = isV7Type(byte) ? measureV7(data, i, n) : 0
        if (length === NEED_MORE || (length > 0 && i + length > n)) break
        if (length <= 0) {
          if (garbageFrom < 0) {
            garbageFrom = base + i
            garbageByte = byte
          }
          i++
          continue
        }
        const result = decodeV7(data, i, length, base + i)
        if (garbageFrom >= 0) {
          errors.push(garbageError(garbageFrom, garbageByte, base + i - garbageFrom))
          discarded += base + i - garbageFrom
          garbageFrom = -1
        }
        if (result instanceof FrameRejection) {
          errors.push(result.error)
          const drop = Math.max(1, Math.min(result.discard, n - i))
          discarded += drop
          i += drop
          continue
        }
        records[count++] = result
        i += length
      }
      if (!head) break
      head = false
      if (i < stop) {
        // Not reachable (held-back bytes are fewer than MAX_V7, so a frame starting in them ends
        // in the joined bytes); kept so a future spec change cannot lose bytes: join everything.
        count = 0
        errors.length = 0
        discarded = 0
        garbageFrom = -1
        data = concat(pending, chunk)
        n = stop = data.length
        i = 0
        continue
      }
      // Past the held-back bytes: go on in the chunk.
      i -= pending.length
      data = chunk
      base = chunkBase
      n = stop = chunk.length
    }
    if (garbageFrom >= 0) {
      errors.push(garbageError(garbageFrom, garbageByte, base + i - garbageFrom))
      discarded += base + i - garbageFrom
    }
    // Copy the tail: callers may reuse their chunk buffer.
    pending = i >= n ? EMPTY : data.slice(i)
    records.length = count
    return { records, bytesDiscarded: discarded, checksumFailures: 0, errors }
  }

  return {
    protocol: 'contec-v7',
    push,
    get pendingBytes() {
      return pending.length
    },
    reset() {
      pending = EMPTY
      streamPos = 0
    },
  }
}

/** The V7 frame spec (the generic stream framer's view of V7; the batch path shares its rules). */
export const CONTEC_V7_FRAME_SPEC: StreamFrameSpec<ContecV7Record, 'contec-v7'> = {
  protocol: 'contec-v7',
  maxFrameLength: MAX_V7,
  isSync: isV7Type,
  measure: measureV7,
  decode: decodeV7,
}
