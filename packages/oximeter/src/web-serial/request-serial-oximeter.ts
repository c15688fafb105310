import { type DeviceInfo, getOrThrow, unsupported, type Unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { asyncScheduler, type SchedulerLike } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import type { ProtocolIdInput } from '../protocol-id.js'
import { SERIAL_CHANNEL } from '../recording/raw-chunk.js'
import { createConnectionHub } from '../transport/connection-hub.js'
import { serialProfile } from '../transport/serial-profile.js'
import type { ReconnectOptions } from '../transport/connection-state.js'
import type { OximeterConnection } from '../transport/oximeter-connection.js'
import { runSerialLifecycle, type SerialLink } from '../transport/serial-lifecycle.js'
import {
  describeTransportCause as describe,
  type TransportFailure,
  transportFailure,
  type UserCancelled,
  userCancelled,
} from '../transport/transport-errors.js'

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

/** Every way {@link requestSerialOximeter} fails. @category web-serial */
export type RequestSerialOximeterError = UserCancelled | Unsupported | TransportFailure

/** Every way {@link openSerialPortOximeter} fails. @category web-serial */
export type OpenSerialPortOximeterError = Unsupported | TransportFailure

/**
 * Shows the browser's serial-port chooser and opens the chosen port as an oximeter (Web Serial):
 * line settings from the registry, start commands written, keep-alive/poll repeated, every read
 * framed and decoded. Run the task from a user gesture (the chooser is requested before its first
 * `await`). A `TaskEither`: its promise never rejects; it resolves to a `Left` of `UserCancelled`,
 * `Unsupported` (unknown id or no serial transport; lists the serial protocols) or
 * `TransportFailure`. {@link requestSerialOximeterOrThrow} rejects with an `OpenwardError` instead.
 *
 * @example
 * const result = await requestSerialOximeter({ protocol: 'contec-v7' })()
 * if (E.isRight(result)) result.right.samples$.subscribe((s) => render(s))
 * @category web-serial
 */
export function requestSerialOximeter<const P extends string>(
  options: WebSerialOptions<P>,
): TE.TaskEither<RequestSerialOximeterError, OximeterConnection> {
  return async () => {
    const profile = serialProfile(options.protocol)
    if (E.isLeft(profile)) return profile
    const serial = options.serial ?? (globalThis.navigator as Navigator | undefined)?.serial
    if (serial === undefined) return E.left(transportFailure('requestPort', 'Web Serial is not available'))
    let port: SerialPort
    try {
      port = await serial.requestPort(options.filters === undefined ? {} : { filters: [...options.filters] })
    } catch (thrown) {
      if (thrown instanceof Error && thrown.name === 'NotFoundError') return E.left(userCancelled())
      return E.left(transportFailure('requestPort', describe(thrown)))
    }
    return openSerialPortOximeter(port, options, profile.right)()
  }
}

/**
 * {@link requestSerialOximeter} as a promise that rejects with an `OpenwardError` holding the
 * {@link RequestSerialOximeterError} (the behaviour `requestSerialOximeter` had before it returned a
 * `TaskEither`).
 *
 * @example
 * const oximeter = await requestSerialOximeterOrThrow({ protocol: 'contec-v7' })
 * oximeter.samples$.subscribe((s) => render(s))
 * @category web-serial
 */
export async function requestSerialOximeterOrThrow<const P extends string>(
  options: WebSerialOptions<P>,
): Promise<OximeterConnection> {
  return getOrThrow(await requestSerialOximeter(options)())
}

/**
 * Opens a port the page already has (`navigator.serial.getPorts()`) as an oximeter; see
 * {@link requestSerialOximeter}. When reads fail (the adapter was unplugged) it reopens the port
 * with backoff; the framer restarts at each reconnect. `profile` defaults to the registry's for
 * `options.protocol`. A `TaskEither` whose promise never rejects;
 * {@link openSerialPortOximeterOrThrow} rejects with an `OpenwardError` instead.
 *
 * @category web-serial
 */
export function openSerialPortOximeter<const P extends string>(
  port: SerialPort,
  options: WebSerialOptions<P>,
  profile?: DeviceProfile,
): TE.TaskEither<OpenSerialPortOximeterError, OximeterConnection> {
  return async () => {
    const found = profile === undefined ? serialProfile(options.protocol) : E.right(profile)
    if (E.isLeft(found)) return found
    return openPort(port, options, found.right)
  }
}

/**
 * {@link openSerialPortOximeter} as a promise that rejects with an `OpenwardError` holding the
 * {@link OpenSerialPortOximeterError} (its behaviour before it returned a `TaskEither`).
 *
 * @category web-serial
 */
export async function openSerialPortOximeterOrThrow<const P extends string>(
  port: SerialPort,
  options: WebSerialOptions<P>,
  profile?: DeviceProfile,
): Promise<OximeterConnection> {
  return getOrThrow(await openSerialPortOximeter(port, options, profile)())
}

async function openPort<P extends string>(
  port: SerialPort,
  options: WebSerialOptions<P>,
  profile: DeviceProfile,
): Promise<E.Either<OpenSerialPortOximeterError, OximeterConnection>> {
  const settings = profile.serial
  if (settings === undefined) return E.left(unsupported(profile.protocol, 'no serial settings'))
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
    lifecycle.lost()
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
    return E.left(transportFailure('open serial port', describe(thrown)))
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
