import type { DecodeError } from '@openward/core'

import type { ProtocolId } from '../protocol-id.js'

/**
 * What one {@link Framer.push} produced: the complete records found, in stream order, and what
 * was lost on the way. Offsets in `errors` count bytes from the start of the stream (since the
 * framer was created or last reset), not from the start of the chunk.
 *
 * @category framing
 */
export interface FramerOutput<R> {
  /** Decoded records, oldest first. A record is returned only when its whole frame was valid. */
  readonly records: readonly R[]
  /** Bytes dropped while looking for the next frame start (garbage, damaged frames). */
  readonly bytesDiscarded: number
  /** Frames whose checksum / CRC did not match (their bytes count in `bytesDiscarded`). */
  readonly checksumFailures: number
  /** One typed error per rejected frame or run of garbage, with stream offsets. */
  readonly errors: readonly DecodeError[]
}

/**
 * An incremental byte-stream parser. Serial reads and BLE notifications do not line up with
 * frames, so a framer keeps the incomplete tail of one chunk and completes it with the next.
 *
 * Contract (every implementation):
 * - `push` never throws, on any bytes; it returns at once (no waiting for more input).
 * - After garbage or a damaged frame it resynchronises within one frame length; a valid frame
 *   after the damage is decoded.
 * - Bytes are either part of a returned record, reported in `bytesDiscarded`, or held back
 *   (at most one maximum frame length) until the next push; `pendingBytes` says how many.
 * - Message-oriented protocols (the PLX characteristics, Nonin BLE, Jumper) take one whole
 *   characteristic value per `push`.
 *
 * @example
 * const framer = createContecV7Framer()
 * for (const chunk of chunks) for (const record of framer.push(chunk).records) console.log(record)
 * @category framing
 */
export interface Framer<R, P extends string = ProtocolId> {
  readonly protocol: P
  push(chunk: Uint8Array): FramerOutput<R>
  /** Bytes held back waiting for the rest of a frame. */
  readonly pendingBytes: number
  /** Forgets held-back bytes and restarts stream offsets at 0 (after a reconnect). */
  reset(): void
}

/** An output with nothing in it. @category framing */
export const EMPTY_FRAMER_OUTPUT: FramerOutput<never> = /* @__PURE__ */ Object.freeze({
  records: Object.freeze([]) as readonly never[],
  bytesDiscarded: 0,
  checksumFailures: 0,
  errors: Object.freeze([]) as readonly DecodeError[],
})
