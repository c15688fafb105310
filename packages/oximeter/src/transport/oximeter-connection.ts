import type { DeviceInfo, OximetrySample } from '@openward/core'
import type { Observable } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import type { RawChunk } from '../recording/raw-chunk.js'
import type { ProtocolRecord } from '../decode/chunk-decoder.js'
import type { StreamDiagnostic } from '../decode/stream-diagnostic.js'
import type { ConnectionState } from './connection-state.js'

/**
 * A live oximeter, however it is connected. The streams are hot: subscribe before or right after
 * the connection resolves. They complete on `close()` and error (with an `OpenwardError` holding a
 * `ConnectionLost`) when the link is lost for good.
 *
 * @category transports
 */
export interface OximeterConnection {
  readonly profile: DeviceProfile
  readonly device: DeviceInfo
  /** Normalised samples, stamped with the host clock at receipt. */
  readonly samples$: Observable<OximetrySample>
  /** Every decoded record (features, RACP responses, waveform frames), with its protocol. */
  readonly records$: Observable<ProtocolRecord>
  /** Bytes that could not be decoded (garbage, checksum failures). */
  readonly diagnostics$: Observable<StreamDiagnostic>
  /** Replays the current state to new subscribers. */
  readonly connection$: Observable<ConnectionState>
  /** Everything received and sent, as recorded by `record`: pipe it into `record(...)`. */
  readonly raw$: Observable<RawChunk>
  /** Sends the protocol's stop commands, unsubscribes, disconnects; completes every stream. */
  close(): Promise<void>
}
