import type { ClockSource, DeviceInfo, Implausible, OximetrySample } from '@openward/core'

import type { Framer } from './framer.js'
import type { OximeterRecord } from './oximeter-record.js'
import type { ProtocolId } from '../protocol-id.js'

/** How a GATT characteristic delivers values to the host. @category registry */
export type GattDelivery = 'notify' | 'indicate'

/** A characteristic the host subscribes to; each value goes to the protocol's framer. @category registry */
export interface GattSubscription {
  /** Full 128-bit UUID, lower case (the form Web Bluetooth accepts). */
  readonly uuid: string
  /** Use the property the characteristic has: indicate-only ones ignore "enable notifications". */
  readonly delivery: GattDelivery
}

/** The GATT side of a protocol. UUIDs are full 128-bit lower-case strings. @category registry */
export interface GattProfile {
  readonly service: string
  /** Characteristics whose values carry this protocol's frames. */
  readonly subscribe: readonly GattSubscription[]
  /** Where host commands are written, if the protocol has any. */
  readonly write?: string
  /** Characteristics read once after connecting (PLX Features). */
  readonly read?: readonly string[]
  /**
   * False when devices are known not to put the service UUID in their advertisement, so a
   * scan must filter by {@link DeviceProfile.namePrefixes} and list the service under
   * `optionalServices`.
   */
  readonly advertisesService: boolean
}

/** Serial line settings (USB-serial, RS-232, Bluetooth SPP). @category registry */
export interface SerialSettings {
  readonly baudRate: number
  readonly dataBits: 7 | 8
  readonly stopBits: 1 | 2
  readonly parity: 'none' | 'odd' | 'even'
  readonly flowControl: 'none' | 'hardware'
  /** Other rates seen on older units of the same family, to try when nothing decodes. */
  readonly alternativeBaudRates?: readonly number[]
}

/** One command a host sends to the device. @category registry */
export interface HostCommand {
  readonly name: string
  readonly description: string
  readonly bytes: Uint8Array
}

/** A command the host repeats on a timer (keep-alive, poll). @category registry */
export interface RepeatedCommand {
  readonly command: HostCommand
  readonly intervalMs: number
}

/** The commands a transport must send, in order. @category registry */
export interface HostCommands {
  /** Sent once after connecting, in order (empty when the device streams on connect). */
  readonly start: readonly HostCommand[]
  /** Must be repeated or the device stops streaming. */
  readonly keepAlive?: RepeatedCommand
  /** Each poll makes the device answer with one reading (request/response protocols). */
  readonly poll?: RepeatedCommand
  /** Sent before disconnecting, in order. */
  readonly stop: readonly HostCommand[]
}

/** The commands of a device that streams on connect and needs nothing to stop. @category registry */
export const NO_HOST_COMMANDS: HostCommands = /* @__PURE__ */ Object.freeze({
  start: Object.freeze([]),
  stop: Object.freeze([]),
})

/** How sure we are of a protocol's layout (see the spec note's legend). @category registry */
export type Confidence = 'high' | 'medium-high' | 'medium' | 'low-medium' | 'low'

/** What normalisation needs beside the record: when it arrived and from which device. @category registry */
export interface NormaliseContext {
  /** Milliseconds since the epoch on `clock` (the receive time for live data). */
  readonly timeMs: number
  /** Defaults to `host`. */
  readonly clock?: ClockSource
  readonly device?: DeviceInfo
  /**
   * Told of each value the registry refused as physiologically impossible (it became `null` with
   * the `questionable` flag). The chunk decoder collects them into the stream's diagnostics.
   */
  readonly onImplausible?: (reason: Implausible) => void
}

/**
 * Everything a transport, recorder or CLI needs to know about one protocol: how to reach the
 * device, what to send, how to frame the bytes and how to turn records into samples.
 *
 * @category registry
 */
export interface DeviceProfile<P extends string = ProtocolId> {
  /** The protocol id: one of {@link ProtocolId} for the built-in registry, any string in a registry you build. */
  readonly protocol: P
  readonly title: string
  /** Devices known to speak it. */
  readonly devices: readonly string[]
  readonly confidence: Confidence
  /** `stream`: bytes may split or join frames. `message`: one characteristic value per push. */
  readonly framing: 'stream' | 'message'
  readonly gatt?: GattProfile
  readonly serial?: SerialSettings
  /** Advertised-name prefixes for a Bluetooth scan filter. */
  readonly namePrefixes: readonly string[]
  readonly commands: HostCommands
  /** A fresh framer (one per connection). */
  readonly createFramer: () => Framer<OximeterRecord, P>
  /**
   * Normalises one record to samples. Waveform-only and control records give none; a record
   * with several readings (Contec storage 0x0F) gives several. In a registry's profiles, values
   * outside core's `PlausibleRange` are already `null` with the `questionable` flag (reported to
   * `context.onImplausible`).
   */
  readonly toSamples: (record: OximeterRecord, context: NormaliseContext) => readonly OximetrySample[]
}
