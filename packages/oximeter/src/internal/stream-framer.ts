import { type DecodeError, taggedError } from '@openward/core'

import type { Framer, FramerOutput } from '../decode/framer.js'
import type { ProtocolId } from '../protocol-id.js'

/** `measure` result: the frame's length is not known yet, wait for more bytes. */
export const NEED_MORE = -1

/** Returned by a frame decoder instead of a record: what was wrong, and how many bytes to drop. */
export class FrameRejection {
  constructor(
    readonly error: DecodeError,
    /** Bytes to drop before scanning again (1 = retry from the next byte). */
    readonly discard: number,
    readonly checksum: boolean = false,
  ) {}
}

/** The per-protocol part of a stream framer; the loop, buffering and diagnostics are shared. */
export interface StreamFrameSpec<R, P extends string = ProtocolId> {
  readonly protocol: P
  /** Longest frame `measure` can return; bounds the bytes held back between pushes. */
  readonly maxFrameLength: number
  /** True when `byte` may start a frame. */
  readonly isSync: (byte: number) => boolean
  /**
   * The total length of the frame starting at `start` (a sync byte), `NEED_MORE` when the bytes
   * up to `end` do not tell yet, or 0 when no frame can start here.
   */
  readonly measure: (buf: Uint8Array, start: number, end: number) => number
  /** Decodes a complete frame; `offset` is its stream offset, for errors. */
  readonly decode: (buf: Uint8Array, start: number, length: number, offset: number) => R | FrameRejection
}

export function garbageError(offset: number, actual: number, length: number): DecodeError {
  return taggedError('InvalidSync', `${length} byte(s) without frame sync from byte ${offset}`, {
    offset,
    actual,
    length,
  })
}

/** Largest record array a push allocates up front (V8 keeps arrays this size in fast mode). */
const MAX_PREALLOCATED = 16384

/** Builds a {@link Framer} from a frame spec. Never throws on any input. */
export function createStreamFramer<R, P extends string = ProtocolId>(spec: StreamFrameSpec<R, P>): Framer<R, P> {
  let pending: Uint8Array = new Uint8Array(0)
  let streamPos = 0 // stream offset just past the last byte pushed

  const push = (chunk: Uint8Array): FramerOutput<R> => {
    const data = pending.length === 0 ? chunk : concat(pending, chunk)
    const base = streamPos - pending.length
    streamPos += chunk.length
    const n = data.length
    // Sized up front for the frames the bytes can hold at the longest frame length (exact for the
    // fixed-length protocols; longer runs grow as usual): growing by push reallocates and copies
    // several times per chunk. Capped so a huge chunk never asks for a dictionary-mode array.
    const records: R[] = new Array<R>(Math.min(MAX_PREALLOCATED, Math.ceil(n / spec.maxFrameLength)))
    let count = 0
    const errors: DecodeError[] = []
    let discarded = 0
    let checksumFailures = 0
    // Written out where a run of garbage ends (no closure: a variable a closure reassigns lives in a
    // heap context, a memory access on every check in the loop).
    let garbageStart = -1
    let i = 0
    while (i < n) {
      const byte = data[i] as number
      const length = spec.isSync(byte) ? spec.measure(data, i, n) : 0
      if (length === NEED_MORE || (length > 0 && i + length > n)) break
      if (length <= 0) {
        if (garbageStart < 0) garbageStart = i
        i++
        continue
      }
      const result = spec.decode(data, i, length, base + i)
      if (garbageStart >= 0) {
        errors.push(garbageError(base + garbageStart, data[garbageStart] ?? 0, i - garbageStart))
        discarded += i - garbageStart
        garbageStart = -1
      }
      if (result instanceof FrameRejection) {
        errors.push(result.error)
        if (result.checksum) checksumFailures++
        const drop = Math.max(1, Math.min(result.discard, n - i))
        discarded += drop
        i += drop
        continue
      }
      records[count++] = result
      i += length
    }
    if (garbageStart >= 0) {
      errors.push(garbageError(base + garbageStart, data[garbageStart] ?? 0, i - garbageStart))
      discarded += i - garbageStart
    }
    records.length = count
    // Copy the tail: callers may reuse their chunk buffer.
    pending = i >= n ? new Uint8Array(0) : data.slice(i)
    return { records, bytesDiscarded: discarded, checksumFailures, errors }
  }

  return {
    protocol: spec.protocol,
    push,
    get pendingBytes() {
      return pending.length
    },
    reset() {
      pending = new Uint8Array(0)
      streamPos = 0
    },
  }
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}
