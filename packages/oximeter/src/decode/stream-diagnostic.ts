import type { DecodeError } from '@openward/core'

import type { ProtocolId } from '../protocol-id.js'

/**
 * Bytes a transport or replay could not decode: garbage, damaged frames, checksum failures,
 * as reported by the protocol's framer for one chunk. Emitted only when something was lost.
 *
 * @category transports
 */
export interface StreamDiagnostic {
  readonly timeMs: number
  readonly channel: string
  readonly protocol: ProtocolId
  readonly bytesDiscarded: number
  readonly checksumFailures: number
  readonly errors: readonly DecodeError[]
}
