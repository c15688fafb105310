import type { DeviceInfo } from '@openward/core'
import type { SchedulerLike } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import { SERIAL_CHANNEL } from '../recording/raw-chunk.js'
import { startHostCommands } from './command-timers.js'
import type { createConnectionHub } from './connection-hub.js'
import type { ReconnectOptions } from './connection-state.js'
import { reconnectWithBackoff } from './reconnect-with-backoff.js'

/** What one serial API (Node `serialport`, Web Serial) does; the lifecycle around it is shared. */
export interface SerialLink {
  /** Opens the port with the line settings; rejects when it cannot. */
  readonly open: () => Promise<void>
  /**
   * Starts handing received bytes to the hub. Called after `connected` is announced and before any
   * host command is written: a device may answer the first command at once.
   */
  readonly startReading: () => void
  /** Writes bytes; rejects when the port is not open. */
  readonly write: (bytes: Uint8Array) => Promise<void>
  /** Closes the port (after a loss, before reopening; and at the end). Never rejects. */
  readonly close: () => Promise<void>
}

/** The transport's side of {@link runSerialLifecycle}. */
export interface SerialLifecycle {
  /** Opens, announces, reads, starts host commands; rejects with the open failure. */
  readonly start: () => Promise<void>
  /**
   * The port was lost (unplug, read error): stop commands, announce, reopen with backoff. Transports
   * report every loss they see; only the first of a live connection counts, and none after `close`.
   */
  readonly lost: () => void
  /** Stops the commands, writes the stop commands, closes the port and completes the streams. */
  readonly close: () => Promise<void>
}

/**
 * The serial connection lifecycle, stated once for every serial transport:
 * 1. open the port; announce `connected` on the serial channel and in `connection$`;
 * 2. start reading, then send the profile's start commands and run keep-alive/poll timers;
 * 3. on loss: stop the timers, announce `disconnected`, close the port and reopen with backoff
 *    (steps 1-2 again; framers restart at the `connected` event);
 * 4. on close: stop the timers, write the stop commands, close the port, complete the streams.
 * Every write the host makes is recorded as a `tx` chunk.
 */
export function runSerialLifecycle(deps: {
  readonly hub: ReturnType<typeof createConnectionHub>
  readonly profile: DeviceProfile
  readonly device: DeviceInfo
  readonly link: SerialLink
  readonly scheduler: SchedulerLike
  readonly reconnect: ReconnectOptions | undefined
}): SerialLifecycle {
  const { hub, profile, device, link, scheduler } = deps
  let stopCommands: (() => void) | undefined
  let closing = false
  // A port can report its loss more than once (Node's serialport emits 'close' for the hang-up and
  // again for the close that follows): only the first report of a live connection starts a reconnect
  // loop, so two loops never race and the states read connected, disconnected, reconnecting...
  let live = false
  const write = async (bytes: Uint8Array): Promise<void> => {
    await link.write(bytes)
    hub.sent(SERIAL_CHANNEL, bytes)
  }
  const open = async (): Promise<void> => {
    await link.open()
    live = true
    hub.event(SERIAL_CHANNEL, 'connected')
    hub.setState({ status: 'connected', device })
    link.startReading()
    try {
      stopCommands = await startHostCommands(
        profile.commands,
        (c) => write(c.bytes),
        scheduler,
        () => undefined,
      )
    } catch (thrown) {
      // The port opened but the device cannot be started: this attempt failed, and its port's later
      // loss report must not start a second loop beside the caller's retry.
      live = false
      await link.close()
      throw thrown
    }
  }
  const retry = reconnectWithBackoff({
    hub,
    scheduler,
    reconnect: deps.reconnect,
    isClosing: () => closing,
    open,
  })
  return {
    start: open,
    lost: () => {
      if (!live || closing) return
      live = false
      stopCommands?.()
      hub.event(SERIAL_CHANNEL, 'disconnected')
      hub.setState({ status: 'disconnected' })
      void link.close().then(() => retry(1))
    },
    close: async () => {
      if (closing) return
      closing = true
      stopCommands?.()
      for (const command of profile.commands.stop) await write(command.bytes).catch(() => undefined)
      await link.close()
      hub.complete()
    },
  }
}
