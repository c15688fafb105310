import { describeThrown, type DeviceInfo, OpenwardError, unsupported } from '@openward/core'
import { asyncScheduler, type SchedulerLike } from 'rxjs'
import type * as SerialPortPackage from 'serialport'
import type { SerialPort as SerialPortType } from 'serialport'

import type { DeviceProfile } from '../decode/device-profile.js'
import { SERIAL_CHANNEL } from '../recording/raw-chunk.js'
import { startHostCommands } from '../transport/command-timers.js'
import { createConnectionHub } from '../transport/connection-hub.js'
import type { ReconnectOptions } from '../transport/connection-state.js'
import type { OximeterConnection } from '../transport/oximeter-connection.js'
import { serialProfile } from '../transport/serial-profile.js'
import { reconnectWithBackoff } from '../transport/reconnect-with-backoff.js'
import { transportFailure } from '../transport/transport-errors.js'

/** Options of {@link openSerialOximeter}. @category node-serial */
export interface NodeSerialOptions {
  /** The port path, e.g. `/dev/ttyUSB0`, `COM3` or a pty (`SerialPort.list()` does not list ptys). */
  readonly path: string
  /** A protocol id with serial settings in the registry (`contec-v7`, `contec-legacy`, `nonin-df7`, ...). */
  readonly protocol: string
  /** Overrides the registry's baud rate. */
  readonly baudRate?: number
  /** Decode with this profile instead of the registry's. */
  readonly profile?: DeviceProfile
  readonly reconnect?: ReconnectOptions
  readonly scheduler?: SchedulerLike
}

type SerialPortModule = typeof SerialPortPackage

async function loadSerialPort(): Promise<SerialPortModule> {
  try {
    return await import('serialport')
  } catch (thrown) {
    throw new OpenwardError(
      transportFailure(
        'load serialport',
        `the optional peer dependency "serialport" is not installed (${String(thrown)})`,
      ),
    )
  }
}

/**
 * Opens an oximeter on a serial port with the `serialport` package (an optional peer dependency):
 * line settings from the registry, start commands sent, keep-alive/poll repeated, bytes framed and
 * decoded as they arrive. When the port closes unexpectedly (USB unplugged) it reopens the same path
 * with backoff. Rejects with an `OpenwardError` holding `Unsupported` (unknown protocol, or one
 * without serial settings, listing those that have them) or `TransportFailure` (port cannot open).
 *
 * @example
 * const oximeter = await openSerialOximeter({ path: '/dev/ttyUSB0', protocol: 'contec-v7' })
 * oximeter.samples$.subscribe((s) => console.log(s.spo2, s.pulseRate))
 * @category node-serial
 */
export async function openSerialOximeter(options: NodeSerialOptions): Promise<OximeterConnection> {
  const profile = options.profile ?? serialProfile(options.protocol)
  const settings = profile.serial
  if (settings === undefined) throw new OpenwardError(unsupported(profile.protocol, 'no serial settings'))
  const { SerialPort } = await loadSerialPort()
  const scheduler = options.scheduler ?? asyncScheduler
  const device: DeviceInfo = { id: options.path }
  const hub = createConnectionHub(device, scheduler)
  let port: SerialPortType | undefined
  let stopCommands: (() => void) | undefined
  let closing = false

  const write = (bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      if (port === undefined || !port.isOpen) return reject(new Error('port not open'))
      port.write(Buffer.from(bytes), (error) => (error ? reject(error) : (hub.sent(SERIAL_CHANNEL, bytes), resolve())))
    })

  const open = async (): Promise<void> => {
    const p = new SerialPort({
      path: options.path,
      baudRate: options.baudRate ?? settings.baudRate,
      dataBits: settings.dataBits,
      stopBits: settings.stopBits,
      parity: settings.parity,
      rtscts: settings.flowControl === 'hardware',
      autoOpen: false,
    })
    await new Promise<void>((resolve, reject) => p.open((e) => (e ? reject(e) : resolve())))
    port = p
    p.on('data', (data: Buffer) => hub.received(SERIAL_CHANNEL, new Uint8Array(data)))
    p.on('close', () => {
      if (!closing && port === p) lost()
    })
    p.on('error', () => undefined) // 'close' follows a fatal error; reads of a closed port are not ours to report
    hub.event(SERIAL_CHANNEL, 'connected')
    hub.setState({ status: 'connected', device })
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
    retry(1)
  }
  const retry = reconnectWithBackoff({ hub, scheduler, reconnect: options.reconnect, isClosing: () => closing, open })

  try {
    await open()
    hub.start(profile)
  } catch (thrown) {
    throw new OpenwardError(transportFailure(`open ${options.path}`, describeThrown(thrown)))
  }

  const close = async (): Promise<void> => {
    if (closing) return
    closing = true
    stopCommands?.()
    for (const command of profile.commands.stop) await write(command.bytes).catch(() => undefined)
    const p = port
    if (p?.isOpen) await new Promise<void>((resolve) => p.drain(() => p.close(() => resolve())))
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
