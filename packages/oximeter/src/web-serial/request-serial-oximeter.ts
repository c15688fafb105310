import { type DeviceInfo, OpenwardError, unsupported } from '@openward/core'
import { asyncScheduler, type SchedulerLike } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import { SERIAL_CHANNEL } from '../recording/raw-chunk.js'
import { startHostCommands } from '../transport/command-timers.js'
import { createConnectionHub } from '../transport/connection-hub.js'
import { serialProfile } from '../transport/serial-profile.js'
import type { ReconnectOptions } from '../transport/connection-state.js'
import type { OximeterConnection } from '../transport/oximeter-connection.js'
import { reconnectWithBackoff } from '../transport/reconnect-with-backoff.js'
import { describeTransportCause as describe, transportFailure, userCancelled } from '../transport/transport-errors.js'

/** Options of {@link requestSerialOximeter} and {@link openSerialPortOximeter}. @category web-serial */
export interface WebSerialOptions {
  /** A protocol id with serial settings in the registry (`contec-v7`, `nonin-df7`, ...). */
  readonly protocol: string
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
export async function requestSerialOximeter(options: WebSerialOptions): Promise<OximeterConnection> {
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
export async function openSerialPortOximeter(
  port: SerialPort,
  options: WebSerialOptions,
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
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  let stopCommands: (() => void) | undefined
  let closing = false

  const write = async (bytes: Uint8Array): Promise<void> => {
    const writer = port.writable?.getWriter()
    if (writer === undefined) throw new Error('port not writable')
    try {
      await writer.write(bytes)
      hub.sent(SERIAL_CHANNEL, bytes)
    } finally {
      writer.releaseLock()
    }
  }
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
    }
    if (!closing) lost()
  }
  const open = async (): Promise<void> => {
    await port.open({
      baudRate: options.baudRate ?? settings.baudRate,
      dataBits: settings.dataBits,
      stopBits: settings.stopBits,
      parity: settings.parity,
      flowControl: settings.flowControl,
    })
    const readable = port.readable
    if (readable === null) throw new Error('port not readable')
    hub.event(SERIAL_CHANNEL, 'connected')
    hub.setState({ status: 'connected', device })
    reader = readable.getReader()
    void readLoop(reader)
    stopCommands = await startHostCommands(
      profile.commands,
      (c) => write(c.bytes),
      scheduler,
      () => undefined,
    )
  }
  const lost = (): void => {
    stopCommands?.()
    hub.event(SERIAL_CHANNEL, 'disconnected')
    hub.setState({ status: 'disconnected' })
    void port
      .close()
      .catch(() => undefined)
      .then(() => retry(1))
  }
  const retry = reconnectWithBackoff({ hub, scheduler, reconnect: options.reconnect, isClosing: () => closing, open })

  try {
    await open()
    hub.start(profile)
  } catch (thrown) {
    throw new OpenwardError(transportFailure('open serial port', describe(thrown)))
  }

  const close = async (): Promise<void> => {
    if (closing) return
    closing = true
    stopCommands?.()
    for (const command of profile.commands.stop) await write(command.bytes).catch(() => undefined)
    await reader?.cancel().catch(() => undefined)
    await port.close().catch(() => undefined)
    hub.complete()
  }

  return {
    profile,
    device,
    samples$: hub.samples$,
    records$: hub.records$,
    diagnostics$: hub.diagnostics$,
    connection$: hub.connection$,
    raw$: hub.raw$,
    close,
  }
}
