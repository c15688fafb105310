import type { DecodeError, Implausible } from '@openward/core'

import type { ProtocolId } from '../protocol-id.js'

/**
 * What a transport or replay lost in one chunk: bytes it could not decode (garbage, damaged
 * frames, checksum failures, as reported by the protocol's framer) and values it refused as
 * physiologically impossible. Emitted only when something was lost.
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
  /**
   * Values refused as outside core's `PlausibleRange` (each became `null` with the `questionable`
   * flag in its sample), one typed `Implausible` per value; absent when none was.
   */
  readonly implausible?: readonly Implausible[]
}
