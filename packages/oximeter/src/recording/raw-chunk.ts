import type { OximetrySample } from '@openward/core'

/**
 * What a transport saw on the wire, with the time it saw it:
 * - `rx`: bytes received from the device (a serial read, one GATT notification/indication/read value),
 * - `tx`: bytes the host wrote to the device (start, keep-alive, poll commands),
 * - `event`: a connection event (`connected`, `disconnected`); framers restart after a reconnect,
 * - `sample`: an already-normalised sample (recordings made by importers from CSV/EDF files).
 *
 * `channel` says where: `serial` for a serial line, the characteristic UUID for GATT.
 *
 * @category recording
 */
export type RawChunk =
  | {
      readonly timeMs: number
      readonly direction: 'rx' | 'tx'
      readonly channel: string
      readonly bytes: Uint8Array
    }
  | {
      readonly timeMs: number
      readonly direction: 'event'
      readonly channel: string
      readonly event: ConnectionEventName
    }
  | {
      readonly timeMs: number
      readonly direction: 'sample'
      readonly channel: string
      readonly sample: OximetrySample
    }

/** Connection events a recording keeps. @category recording */
export type ConnectionEventName = 'connected' | 'disconnected'

/** The channel name serial transports use. @category recording */
export const SERIAL_CHANNEL = 'serial'
