import type { DecodeError } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'

import type { Framer, FramerOutput } from '../decode/framer.js'
import type { ProtocolId } from '../protocol-id.js'

/**
 * A framer for protocols where one characteristic value is one record (PLX, Nonin BLE,
 * Jumper): each push is decoded whole. Errors carry offsets from the start of the stream.
 */
export function createMessageFramer<R, P extends string = ProtocolId>(
  protocol: P,
  decode: (value: Uint8Array) => E.Either<DecodeError, R>,
): Framer<R, P> {
  let streamPos = 0
  const push = (chunk: Uint8Array): FramerOutput<R> => {
    const base = streamPos
    streamPos += chunk.length
    const result = decode(chunk)
    if (E.isRight(result)) return { records: [result.right], bytesDiscarded: 0, checksumFailures: 0, errors: [] }
    const error = shiftOffset(result.left, base)
    return {
      records: [],
      bytesDiscarded: chunk.length,
      checksumFailures: error._tag === 'ChecksumMismatch' ? 1 : 0,
      errors: [error],
    }
  }
  return {
    protocol,
    push,
    pendingBytes: 0,
    reset() {
      streamPos = 0
    },
  }
}

function shiftOffset(error: DecodeError, base: number): DecodeError {
  if (base === 0 || !('offset' in error) || typeof error.offset !== 'number') return error
  return Object.freeze({ ...error, offset: error.offset + base })
}
