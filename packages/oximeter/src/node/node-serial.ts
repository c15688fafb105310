import { describeThrown, type DeviceInfo, getOrThrow, unsupported, type Unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { asyncScheduler, type SchedulerLike } from 'rxjs'
import type * as SerialPortPackage from 'serialport'
import type { SerialPort as SerialPortType } from 'serialport'

import type { DeviceProfile } from '../decode/device-profile.js'
import type { ProtocolIdInput } from '../protocol-id.js'
import { SERIAL_CHANNEL } from '../recording/raw-chunk.js'
import { createConnectionHub } from '../transport/connection-hub.js'
import type { ReconnectOptions } from '../transport/connection-state.js'
import type { OximeterConnection } from '../transport/oximeter-connection.js'
import { serialProfile } from '../transport/serial-profile.js'
import { runSerialLifecycle, type SerialLink } from '../transport/serial-lifecycle.js'
import { type TransportFailure, transportFailure } from '../transport/transport-errors.js'

/** Options of {@link openSerialOximeter}. @category node-serial */
export interface NodeSerialOptions<P extends string = string> {
  /** The port path, e.g. `/dev/ttyUSB0`, `COM3` or a pty (`SerialPort.list()` does not list ptys). */
  readonly path: string
  /** A protocol id with serial settings in the registry (`contec-v7`, `contec-legacy`, `nonin-df7`, ...). */
  readonly protocol: ProtocolIdInput<P>
  /** Overrides the registry's baud rate. */
  readonly baudRate?: number
  /** Decode with this profile instead of the registry's. */
  readonly profile?: DeviceProfile
  readonly reconnect?: ReconnectOptions
  readonly scheduler?: SchedulerLike
}

type SerialPortModule = typeof SerialPortPackage

async function loadSerialPort(): Promise<E.Either<TransportFailure, SerialPortModule>> {
  try {
    return E.right(await import('serialport'))
  } catch (thrown) {
    return E.left(
      transportFailure(
        'load serialport',
        `the optional peer dependency "serialport" is not installed (${String(thrown)})`,
      ),
    )
  }
}

/** Every way {@link openSerialOximeter} fails. @category node-serial */
export type OpenSerialOximeterError = Unsupported | TransportFailure

/**
 * Opens an oximeter on a serial port with the `serialport` package (an optional peer dependency):
 * line settings from the registry, start commands sent, keep-alive/poll repeated, bytes framed and
 * decoded as they arrive. When the port closes unexpectedly (USB unplugged) it reopens the same path
 * with backoff. A `TaskEither`: its promise never rejects; it resolves to a `Left` of `Unsupported`
 * (unknown protocol, or one without serial settings, listing those that have them) or
 * `TransportFailure` (port cannot open, `serialport` not installed). {@link openSerialOximeterOrThrow}
 * rejects with an `OpenwardError` instead.
 *
 * @example
 * const result = await openSerialOximeter({ path: '/dev/ttyUSB0', protocol: 'contec-v7' })()
 * if (E.isLeft(result)) throw new Error(result.left.message)
 * result.right.samples$.subscribe((s) => console.log(s.spo2, s.pulseRate))
 * @category node-serial
 */
export function openSerialOximeter<const P extends string>(
  options: NodeSerialOptions<P>,
): TE.TaskEither<OpenSerialOximeterError, OximeterConnection> {
  return () => openPath(options)
}

/**
 * {@link openSerialOximeter} as a promise that rejects with an `OpenwardError` holding the
 * {@link OpenSerialOximeterError} (the behaviour `openSerialOximeter` had before it returned a
 * `TaskEither`).
 *
 * @example
 * const oximeter = await openSerialOximeterOrThrow({ path: '/dev/ttyUSB0', protocol: 'contec-v7' })
 * oximeter.samples$.subscribe((s) => console.log(s.spo2, s.pulseRate))
 * @category node-serial
 */
export async function openSerialOximeterOrThrow<const P extends string>(
  options: NodeSerialOptions<P>,
): Promise<OximeterConnection> {
  return getOrThrow(await openSerialOximeter(options)())
}

async function openPath<P extends string>(
  options: NodeSerialOptions<P>,
): Promise<E.Either<OpenSerialOximeterError, OximeterConnection>> {
  const found = options.profile === undefined ? serialProfile(options.protocol) : E.right(options.profile)
  if (E.isLeft(found)) return found
  const profile = found.right
  const settings = profile.serial
  if (settings === undefined) return E.left(unsupported(profile.protocol, 'no serial settings'))
  const loaded = await loadSerialPort()
  if (E.isLeft(loaded)) return loaded
  const { SerialPort } = loaded.right
  const scheduler = options.scheduler ?? asyncScheduler
  const device: DeviceInfo = { id: options.path }
  const hub = createConnectionHub(device, scheduler)
  let port: SerialPortType | undefined
  const link: SerialLink = {
    open: async () => {
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
      p.on('close', () => {
        if (port === p) lifecycle.lost() // a late close of a port already replaced is not this connection's loss
      })
      p.on('error', () => undefined) // 'close' follows a fatal error; reads of a closed port are not ours to report
    },
    startReading: () => port?.on('data', (data: Buffer) => hub.received(SERIAL_CHANNEL, new Uint8Array(data))),
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (port === undefined || !port.isOpen) return reject(new Error('port not open'))
        port.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve()))
      }),
    close: () => {
      const p = port
      return p?.isOpen ? new Promise<void>((resolve) => p.drain(() => p.close(() => resolve()))) : Promise.resolve()
    },
  }
  const lifecycle = runSerialLifecycle({ hub, profile, device, link, scheduler, reconnect: options.reconnect })

  try {
    await lifecycle.start()
    hub.start(profile)
  } catch (thrown) {
    return E.left(transportFailure(`open ${options.path}`, describeThrown(thrown)))
  }

  return E.right({
    profile,
    device,
    samples$: hub.samples$,
    records$: hub.records$,
    diagnostics$: hub.diagnostics$,
    connection$: hub.connection$,
    raw$: hub.raw$,
    close: lifecycle.close,
  })
}
