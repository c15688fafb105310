import { type DeviceInfo, OpenwardError, unsupported } from '@openward/core'
import { asyncScheduler, type SchedulerLike } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import type { ProtocolIdInput } from '../protocol-id.js'
import { SERIAL_CHANNEL } from '../recording/raw-chunk.js'
import { createConnectionHub } from '../transport/connection-hub.js'
import { serialProfile } from '../transport/serial-profile.js'
import type { ReconnectOptions } from '../transport/connection-state.js'
import type { OximeterConnection } from '../transport/oximeter-connection.js'
import { runSerialLifecycle, type SerialLink } from '../transport/serial-lifecycle.js'
import { describeTransportCause as describe, transportFailure, userCancelled } from '../transport/transport-errors.js'

/** Options of {@link requestSerialOximeter} and {@link openSerialPortOximeter}. @category web-serial */
export interface WebSerialOptions<P extends string = string> {
  /** A protocol id with serial settings in the registry (`contec-v7`, `nonin-df7`, ...). */
  readonly protocol: ProtocolIdInput<P>
  /** Overrides the registry's baud rate. */
  readonly baudRate?: number
  /** USB filters for the chooser (e.g. `{ usbVendorId: 0x10c4 }` for CP210x adapters). */
  readonly filters?: readonly SerialPortFilter[]
  /** Defaults to `navigator.serial`. */
  readonly serial?: Serial
  readonly reconnect?: ReconnectOptions
  readonly scheduler?: SchedulerLike
}

/**
 * Shows the browser's serial-port chooser and opens the chosen port as an oximeter (Web Serial):
 * line settings from the registry, start commands written, keep-alive/poll repeated, every read
 * framed and decoded. Call it from a user gesture. Rejects with an `OpenwardError` holding
 * `UserCancelled`, `Unsupported` (unknown id or no serial transport; lists the serial protocols)
 * or `TransportFailure`.
 *
 * @example
 * const oximeter = await requestSerialOximeter({ protocol: 'contec-v7' })
 * oximeter.samples$.subscribe((s) => render(s))
 * @category web-serial
 */
export async function requestSerialOximeter<const P extends string>(
  options: WebSerialOptions<P>,
): Promise<OximeterConnection> {
  const profile = serialProfile(options.protocol)
  const serial = options.serial ?? (globalThis.navigator as Navigator | undefined)?.serial
  if (serial === undefined) throw new OpenwardError(transportFailure('requestPort', 'Web Serial is not available'))
  const port = await serial
    .requestPort(options.filters === undefined ? {} : { filters: [...options.filters] })
    .catch((thrown: unknown) => {
      if (thrown instanceof Error && thrown.name === 'NotFoundError') throw new OpenwardError(userCancelled())
      throw new OpenwardError(transportFailure('requestPort', describe(thrown)))
    })
  return openSerialPortOximeter(port, options, profile)
}

/**
 * Opens a port the page already has (`navigator.serial.getPorts()`) as an oximeter; see
 * {@link requestSerialOximeter}. When reads fail (the adapter was unplugged) it reopens the port
 * with backoff; the framer restarts at each reconnect.
 *
 * @category web-serial
 */
export async function openSerialPortOximeter<const P extends string>(
  port: SerialPort,
  options: WebSerialOptions<P>,
  profile: DeviceProfile = serialProfile(options.protocol),
): Promise<OximeterConnection> {
  const settings = profile.serial
  if (settings === undefined) throw new OpenwardError(unsupported(profile.protocol, 'no serial settings'))
  const scheduler = options.scheduler ?? asyncScheduler
  const info = port.getInfo()
  const device: DeviceInfo = {
    id: info.usbVendorId === undefined ? 'web-serial' : `usb:${info.usbVendorId}:${info.usbProductId ?? 0}`,
  }
  const hub = createConnectionHub(device, scheduler)
  let readable: ReadableStream<Uint8Array> | undefined
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined

  const readLoop = async (r: ReadableStreamDefaultReader<Uint8Array>): Promise<void> => {
    try {
      for (;;) {
        const { value, done } = await r.read()
        if (done) break
        if (value !== undefined && value.length > 0) hub.received(SERIAL_CHANNEL, value.slice())
      }
    } catch {
      // A read error is a lost device (NetworkError on unplug); handled below.
    } finally {
      r.releaseLock()
      if (reader === r) reader = undefined
    }
    if (!lifecycle.isClosing()) lifecycle.lost()
  }
  const link: SerialLink = {
    open: async () => {
      await port.open({
        baudRate: options.baudRate ?? settings.baudRate,
        dataBits: settings.dataBits,
        stopBits: settings.stopBits,
        parity: settings.parity,
        flowControl: settings.flowControl,
      })
      if (port.readable === null) throw new Error('port not readable')
      readable = port.readable
    },
    // The read loop runs before the first host command is written (a device answers at once).
    startReading: () => {
      if (readable === undefined) return
      reader = readable.getReader()
      void readLoop(reader)
    },
    write: async (bytes) => {
      const writer = port.writable?.getWriter()
      if (writer === undefined) throw new Error('port not writable')
      try {
        await writer.write(bytes)
      } finally {
        writer.releaseLock()
      }
    },
    close: async () => {
      await reader?.cancel().catch(() => undefined)
      await port.close().catch(() => undefined)
    },
  }
  const lifecycle = runSerialLifecycle({ hub, profile, device, link, scheduler, reconnect: options.reconnect })

  try {
    await lifecycle.start()
    hub.start(profile)
  } catch (thrown) {
    throw new OpenwardError(transportFailure('open serial port', describe(thrown)))
  }

  return {
    profile,
    device,
    samples$: hub.samples$,
    records$: hub.records$,
    diagnostics$: hub.diagnostics$,
    connection$: hub.connection$,
    raw$: hub.raw$,
    close: lifecycle.close,
  }
}
