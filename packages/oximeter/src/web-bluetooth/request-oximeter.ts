import { type DeviceInfo, getOrThrow, type OximetrySample, type Unsupported } from '@openward/core'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { asyncScheduler, type SchedulerLike } from 'rxjs'

import type { DeviceProfile } from '../decode/device-profile.js'
import { createConnectionHub } from '../transport/connection-hub.js'
import { backoffDelayMs, type ReconnectOptions } from '../transport/connection-state.js'
import type { OximeterConnection } from '../transport/oximeter-connection.js'
import {
  caughtTransportError,
  connectionLost,
  describeTransportCause as describe,
  type ServiceNotFound,
  type TransportFailure,
  transportFailure,
  type UserCancelled,
  userCancelled,
} from '../transport/transport-errors.js'
import { type GattSession, openGattSession } from './gatt-session.js'
import {
  downloadStoredSpotChecks,
  type DownloadStoredSpotChecksError,
  type DownloadStoredSpotChecksOptions,
  notConnected,
} from './racp-download.js'
import { bluetoothProfiles, requestOptionsFor } from './request-options.js'

/** Options of {@link requestOximeter}. @category web-bluetooth */
export interface RequestOximeterOptions {
  /** Protocol ids to offer in the chooser, e.g. `['plx-continuous', 'berrymed']`. */
  readonly protocols: readonly string[]
  /** Defaults to `navigator.bluetooth`. */
  readonly bluetooth?: Bluetooth
  readonly reconnect?: ReconnectOptions
  readonly scheduler?: SchedulerLike
}

/** A Bluetooth oximeter: an {@link OximeterConnection} plus PLX stored-record download. @category web-bluetooth */
export interface BluetoothOximeter extends OximeterConnection {
  /**
   * PLX only: downloads every stored spot-check through the Record Access Control Point
   * (`01 01` "report all records"; PLXS §3.4, spec note §2.9). A lazy `TaskEither`: nothing is
   * written until it runs; its promise never rejects and resolves when the device answers
   * (`Right([])` for "no records found") or to a `Left` {@link DownloadStoredSpotChecksError}.
   *
   * @example
   * const result = await oximeter.downloadStoredSpotChecks({ timeoutMs: 10_000 })()
   * if (E.isLeft(result)) return showError(result.left.message)
   * for (const s of result.right) render(s.spo2, s.pulseRate)
   */
  downloadStoredSpotChecks(
    options?: DownloadStoredSpotChecksOptions,
  ): TE.TaskEither<DownloadStoredSpotChecksError, OximetrySample[]>
  /**
   * {@link BluetoothOximeter.downloadStoredSpotChecks} as a promise that rejects with an
   * `OpenwardError` holding the {@link DownloadStoredSpotChecksError} (the behaviour
   * `downloadStoredSpotChecks` had before it returned a `TaskEither`).
   */
  downloadStoredSpotChecksOrThrow(options?: DownloadStoredSpotChecksOptions): Promise<OximetrySample[]>
}

/** Every way {@link requestOximeter} fails. @category web-bluetooth */
export type RequestOximeterError = UserCancelled | ServiceNotFound | Unsupported | TransportFailure

/** Every way connecting a chosen device fails (the GATT part of {@link requestOximeter}). */
export type ConnectOximeterError = ServiceNotFound | TransportFailure

/**
 * Shows the browser's device chooser for the given protocols, connects to the chosen device and
 * starts streaming: filters and `optionalServices` from the device registry, PLX Features read
 * first, value characteristics subscribed (notify or indicate, as each has), vendor start /
 * keep-alive / poll commands written, values reassembled by the protocol's framer.
 *
 * On `gattserverdisconnected` it reconnects with exponential backoff and resubscribes; framers
 * restart at each reconnect. Run the task from a user gesture (a click): the chooser is requested
 * before the task's first `await`.
 *
 * A `TaskEither`: its promise never rejects; it resolves to a `Left` of `UserCancelled`,
 * `ServiceNotFound` (the device lacks every expected service; lists what was found), `Unsupported`
 * (unknown protocol id, or one without Bluetooth) or `TransportFailure`. For a promise that rejects
 * with an `OpenwardError` instead, use {@link requestOximeterOrThrow}.
 *
 * @example
 * button.onclick = async () => {
 *   const result = await requestOximeter({ protocols: ['plx-continuous', 'berrymed'] })()
 *   if (E.isLeft(result)) return showError(result.left.message)
 *   result.right.samples$.subscribe((s) => render(s.spo2, s.pulseRate))
 * }
 * @category web-bluetooth
 */
export const requestOximeter =
  (options: RequestOximeterOptions): TE.TaskEither<RequestOximeterError, BluetoothOximeter> =>
  async () => {
    const candidates = bluetoothProfiles(options.protocols)
    if (E.isLeft(candidates)) return candidates
    const bluetooth = options.bluetooth ?? (globalThis.navigator as Navigator | undefined)?.bluetooth
    if (bluetooth === undefined)
      return E.left(transportFailure('requestDevice', 'Web Bluetooth is not available in this browser'))
    let device: BluetoothDevice
    try {
      device = await bluetooth.requestDevice(requestOptionsFor(candidates.right))
    } catch (thrown) {
      if (thrown instanceof Error && thrown.name === 'NotFoundError' && /cancel/i.test(thrown.message))
        return E.left(userCancelled())
      return E.left(transportFailure('requestDevice', describe(thrown)))
    }
    return connectOximeter(device, candidates.right, options)()
  }

/**
 * {@link requestOximeter} as a promise that rejects with an `OpenwardError` holding the
 * {@link RequestOximeterError} (the behaviour `requestOximeter` had before it returned a `TaskEither`).
 *
 * @example
 * button.onclick = async () => {
 *   const oximeter = await requestOximeterOrThrow({ protocols: ['plx-continuous', 'berrymed'] })
 *   oximeter.samples$.subscribe((s) => render(s.spo2, s.pulseRate))
 * }
 * @category web-bluetooth
 */
export async function requestOximeterOrThrow(options: RequestOximeterOptions): Promise<BluetoothOximeter> {
  return getOrThrow(await requestOximeter(options)())
}

/** Connects a chosen or already-permitted device (shared by requestOximeter and reconnectOximeter). */
export const connectOximeter =
  (
    device: BluetoothDevice,
    candidates: readonly DeviceProfile[],
    options: RequestOximeterOptions,
  ): TE.TaskEither<ConnectOximeterError, BluetoothOximeter> =>
  async () => {
    const scheduler = options.scheduler ?? asyncScheduler
    const info: DeviceInfo = device.name ? { id: device.id, name: device.name } : { id: device.id }
    const hub = createConnectionHub(info, scheduler)
    let first: GattSession
    try {
      first = await openGattSession(device, candidates, hub, scheduler)
    } catch (thrown) {
      return E.left(caughtTransportError(thrown, ['ServiceNotFound', 'TransportFailure'], 'connect'))
    }
    hub.start(first.profile)
    hub.setState({ status: 'connected', device: info })
    let session: GattSession | undefined = first
    let closing = false
    let retry: { unsubscribe(): void } | undefined
    // A failed attempt may disconnect again; one backoff loop at a time.
    let reconnecting = false

    const reconnect = (attempt: number): void => {
      const max = options.reconnect?.maxAttempts ?? 5
      if (closing) return
      if (attempt > max) {
        reconnecting = false
        return hub.fail(connectionLost(max))
      }
      const delayMs = backoffDelayMs(attempt, options.reconnect)
      hub.setState({ status: 'reconnecting', attempt, delayMs })
      retry = scheduler.schedule(() => {
        openGattSession(device, [first.profile], hub, scheduler).then(
          (next) => {
            if (closing) return void next.teardown().then(() => device.gatt?.disconnect())
            session = next
            reconnecting = false
            hub.setState({ status: 'connected', device: info })
          },
          () => reconnect(attempt + 1),
        )
      }, delayMs)
    }
    const onDisconnected = (): void => {
      if (closing || reconnecting) return
      reconnecting = true
      const old = session
      session = undefined
      void old?.teardown()
      hub.event(device.id, 'disconnected')
      hub.setState({ status: 'disconnected' })
      reconnect(1)
    }
    device.addEventListener('gattserverdisconnected', onDisconnected)

    const close = async (): Promise<void> => {
      if (closing) return
      closing = true
      retry?.unsubscribe()
      device.removeEventListener('gattserverdisconnected', onDisconnected)
      const s = session
      const write = s?.profile.gatt?.write
      if (s !== undefined && write !== undefined)
        for (const c of s.profile.commands.stop) await s.write(write, c.bytes).catch(() => undefined)
      await s?.teardown()
      session = undefined // a download asked for after close is "not connected", not a GATT error
      device.gatt?.disconnect()
      hub.complete()
    }

    // The session is read when the task runs, not when it is made: between reconnects there is none.
    const download =
      (o?: DownloadStoredSpotChecksOptions): TE.TaskEither<DownloadStoredSpotChecksError, OximetrySample[]> =>
      async () =>
        session === undefined
          ? E.left(notConnected())
          : downloadStoredSpotChecks(session, hub, scheduler, o?.timeoutMs ?? 30_000)

    return E.right({
      profile: first.profile,
      device: info,
      samples$: hub.samples$,
      records$: hub.records$,
      diagnostics$: hub.diagnostics$,
      connection$: hub.connection$,
      raw$: hub.raw$,
      close,
      downloadStoredSpotChecks: download,
      downloadStoredSpotChecksOrThrow: async (o) => getOrThrow(await download(o)()),
    })
  }
